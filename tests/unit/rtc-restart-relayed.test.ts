// Relayed ICE restarts in rtc/restart.ts (issue 17): a group pair whose own link is down sends its restart
// offer through other members (the side route) and stops holding it once that answer is applied.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostOnlyTimeoutMs } from '../../src/lib/rtc/gather';
import { holdPollMs, restartRetryMs } from '../../src/lib/rtc/restart';
import { holdRestartOffer, setup } from './restart-stand-in';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('through other members of a group (relayed restart)', () => {
	/** A side route that records the offers it carried; `carries` says whether anyone could. */
	const route = (carries = () => true) => {
		const sent: string[] = [];
		const sideRoute = (offer: { sdp: string }) => {
			if (!carries()) return false;
			sent.push(/a=ice-ufrag:(\S+)/.exec(offer.sdp)?.[1] ?? '');
			return true;
		};
		return { sent, sideRoute };
	};

	it('relays a restart offer once it has a candidate while the link is down, and stops at its answer', async () => {
		const { sent, sideRoute } = route();
		const { pc, policy, failAfterConnecting } = setup(true, sideRoute);
		failAfterConnecting();
		const settled = holdRestartOffer(pc, policy);
		await vi.advanceTimersByTimeAsync(hostOnlyTimeoutMs + holdPollMs);
		expect(sent).toEqual([]); // no candidate: nothing the other side could check
		// The fresh offer of the next round finds one: that one is relayed.
		await vi.advanceTimersByTimeAsync(restartRetryMs);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(holdPollMs);
		expect(sent).toEqual(['fresh1']);
		expect(policy.awaitsRelayedAnswer()).toBe(true);
		// The relayed answer is applied: done, and not sent over the pair's own (dead) channel as well.
		pc.signalingState = 'stable';
		await vi.advanceTimersByTimeAsync(holdPollMs);
		expect(settled()).toBe(false);
		expect(sent).toEqual(['fresh1']);
		expect(policy.awaitsRelayedAnswer()).toBe(false);
	});

	it('a relayed offer left unanswered (its relays left) is replaced by a fresh one, relayed again', async () => {
		const { sent, sideRoute } = route();
		const { pc, policy, failAfterConnecting } = setup(true, sideRoute);
		failAfterConnecting();
		holdRestartOffer(pc, policy);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(restartRetryMs + holdPollMs);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(holdPollMs);
		expect(sent).toEqual(['new', 'fresh1']);
		// An answer to the first offer would not fit the pending one.
		expect(policy.awaitsRelayedAnswer()).toBe(true);
		expect(pc.localDescription?.sdp).toContain('fresh1');
	});

	it('a relayed offer is never also sent over the channel when the link comes back unanswered', async () => {
		const { sent, sideRoute } = route();
		const { pc, policy, failAfterConnecting } = setup(true, sideRoute);
		failAfterConnecting();
		const settled = holdRestartOffer(pc, policy);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(holdPollMs);
		pc.connectionState = 'connected';
		await vi.advanceTimersByTimeAsync(restartRetryMs / 2);
		expect(settled()).toBeUndefined();
		// Unanswered: a fresh offer, which the working link now carries (and no member does).
		await vi.advanceTimersByTimeAsync(restartRetryMs / 2 + holdPollMs);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(holdPollMs);
		expect(settled()).toBe(true);
		expect(sent).toEqual(['new']);
		expect(pc.localDescription?.sdp).toContain('fresh1');
	});

	it('with nobody to carry it the offer is held for the pair’s own link, as in a 1:1 call', async () => {
		const { sent, sideRoute } = route(() => false);
		const { pc, policy, failAfterConnecting } = setup(true, sideRoute);
		failAfterConnecting();
		const settled = holdRestartOffer(pc, policy);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(restartRetryMs / 2);
		expect(policy.awaitsRelayedAnswer()).toBe(false);
		pc.connectionState = 'connected';
		await vi.advanceTimersByTimeAsync(holdPollMs);
		expect(settled()).toBe(true);
		expect(sent).toEqual([]);
	});

	it('a restart offer over a working link is never relayed', async () => {
		const { sent, sideRoute } = route();
		const { pc, policy, connect } = setup(true, sideRoute);
		connect();
		const settled = holdRestartOffer(pc, policy);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(0);
		expect(settled()).toBe(true);
		expect(sent).toEqual([]);
	});
});
