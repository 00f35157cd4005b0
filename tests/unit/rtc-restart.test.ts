// The ICE-restart policy (rtc/restart.ts) against a stand-in for the few RTCPeerConnection members it uses:
// the real connection's behaviour is covered end to end by the @netns specs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gatherTimeoutMs, hostOnlyTimeoutMs } from '../../src/lib/rtc/gather';
import {
	createRestartPolicy,
	holdPollMs,
	restartRetryMs,
	restartsAfterFailure
} from '../../src/lib/rtc/restart';

const offerSdp = (ufrag: string, candidates = 0) =>
	[
		`a=ice-ufrag:${ufrag}`,
		...Array.from({ length: candidates }, () => 'a=candidate:1 1 udp 1 10.0.0.1 9 typ host')
	]
		.join('\r\n')
		.concat('\r\n');

/** Just what the policy reads and calls; restartIce only counts, like the browser's flag it sets. */
class StandInConnection extends EventTarget {
	connectionState: RTCPeerConnectionState = 'connected';
	signalingState: RTCSignalingState = 'stable';
	localDescription: { type: RTCSdpType; sdp: string } | null = { type: 'offer', sdp: offerSdp('old', 1) };
	currentLocalDescription = this.localDescription;
	restarts = 0;
	/** Offers set with setLocalDescription() (a fresh restart offer each, as the restart flag asks). */
	offers = 0;
	restartIce() {
		this.restarts += 1;
	}
	rollbacks = 0;
	setLocalDescription(description?: { type: RTCSdpType }) {
		if (description?.type === 'rollback') {
			this.rollbacks += 1;
			this.signalingState = 'stable';
			this.localDescription = this.currentLocalDescription;
			return Promise.resolve();
		}
		this.offers += 1;
		this.signalingState = 'have-local-offer';
		this.localDescription = { type: 'offer', sdp: offerSdp(`fresh${this.offers}`) };
		return Promise.resolve();
	}
	/** The browser found a local candidate for the offer being held (and added it to the description). */
	gatherOne() {
		if (this.localDescription) this.localDescription.sdp += 'a=candidate:1 1 udp 1 10.0.0.2 9 typ host\r\n';
		this.dispatchEvent(
			Object.assign(new Event('icecandidate'), {
				candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.2 9 typ host' }
			})
		);
	}
}

function setup(restarts = true, sideRoute?: (offer: { type: 'offer' | 'answer'; sdp: string }) => boolean) {
	const pc = new StandInConnection();
	let connected = false;
	const policy = createRestartPolicy(pc as unknown as RTCPeerConnection, {
		restarts: () => restarts,
		everConnected: () => connected,
		sideRoute
	});
	/** The link was up once and has now failed: the policy restarts. */
	const failAfterConnecting = () => {
		connected = true;
		pc.connectionState = 'failed';
		policy.onFailed();
	};
	return { pc, policy, failAfterConnecting, connect: () => (connected = true) };
}

describe('ICE restart policy', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('never restarts before the first connection (a late answer shows a transient failed)', () => {
		const { pc, policy } = setup();
		pc.connectionState = 'failed';
		policy.onFailed();
		vi.advanceTimersByTime(restartRetryMs * 3);
		expect(pc.restarts).toBe(0);
	});

	it('never restarts on a side that leaves restarts to the other', () => {
		const { pc, failAfterConnecting } = setup(false);
		failAfterConnecting();
		vi.advanceTimersByTime(restartRetryMs * 3);
		expect(pc.restarts).toBe(0);
	});

	it('leaves restarts after a failure to the caller: a joiner that restarted too lost the port it is reached on', () => {
		expect(restartsAfterFailure('caller')).toBe(true);
		expect(restartsAfterFailure('joiner')).toBe(false);
	});

	it('restarts at failed and again every retry period until connected, then stops', () => {
		const { pc, failAfterConnecting } = setup();
		failAfterConnecting();
		expect(pc.restarts).toBe(1);
		vi.advanceTimersByTime(restartRetryMs);
		expect(pc.restarts).toBe(2);
		// The restart's own session checking, and failing in turn, while the outage lasts.
		pc.connectionState = 'disconnected';
		vi.advanceTimersByTime(restartRetryMs);
		expect(pc.restarts).toBe(3);
		pc.connectionState = 'connected';
		vi.advanceTimersByTime(restartRetryMs * 3);
		expect(pc.restarts).toBe(3);
	});

	it('does not restart again while a restart offer still waits for its answer', () => {
		const { pc, failAfterConnecting } = setup();
		failAfterConnecting();
		pc.signalingState = 'have-local-offer';
		vi.advanceTimersByTime(restartRetryMs * 2);
		expect(pc.restarts).toBe(1);
		pc.signalingState = 'stable';
		vi.advanceTimersByTime(restartRetryMs);
		expect(pc.restarts).toBe(2);
	});

	it('keeps an offer that did not restart ICE, and any offer before the first connection', async () => {
		const { pc, policy } = setup();
		pc.localDescription = { type: 'offer', sdp: offerSdp('old') };
		await expect(policy.keepOffer('old')).resolves.toBe(true);
		pc.localDescription = { type: 'offer', sdp: offerSdp('new') };
		await expect(policy.keepOffer('old')).resolves.toBe(true);
	});

	/** A restart offer after a failure is set; keepOffer starts holding it. */
	const holdRestartOffer = (pc: StandInConnection, policy: ReturnType<typeof setup>['policy']) => {
		pc.signalingState = 'have-local-offer';
		pc.localDescription = { type: 'offer', sdp: offerSdp('new') };
		let settled: boolean | undefined;
		void policy.keepOffer('old').then((kept) => (settled = kept));
		return () => settled;
	};

	it('sends a restart offer as soon as it has a candidate over a connection that carries it', async () => {
		const { pc, policy, connect } = setup();
		connect();
		const settled = holdRestartOffer(pc, policy);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(0);
		expect(settled()).toBe(true);
		expect(pc.offers).toBe(0);
	});

	it('holds a restart offer while the link is down, and sends it once connected again', async () => {
		const { pc, policy, failAfterConnecting } = setup();
		failAfterConnecting();
		const settled = holdRestartOffer(pc, policy);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(restartRetryMs / 2);
		expect(settled()).toBeUndefined();
		pc.connectionState = 'connected';
		await vi.advanceTimersByTimeAsync(holdPollMs);
		expect(settled()).toBe(true);
		expect(pc.offers).toBe(0);
	});

	it('makes the held restart offer afresh every retry period while the link stays down', async () => {
		const { pc, policy, failAfterConnecting } = setup();
		failAfterConnecting();
		const settled = holdRestartOffer(pc, policy);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(restartRetryMs * 3 + hostOnlyTimeoutMs * 3);
		// Each set over the one before it: a rollback made a Chromium joiner lose its video.
		expect(pc.offers).toBe(3);
		expect(pc.rollbacks).toBe(0);
		expect(settled()).toBeUndefined();
		// The link is back and the fresh offer of the moment finds a candidate: that one is sent.
		pc.connectionState = 'connected';
		for (let i = 0; i < 5 && settled() === undefined; i++) {
			pc.gatherOne();
			await vi.advanceTimersByTimeAsync(hostOnlyTimeoutMs / 2);
		}
		expect(settled()).toBe(true);
		expect(pc.localDescription?.sdp).toContain('fresh');
	});

	it('never sends a restart offer without a candidate, even once connected: it is made afresh', async () => {
		const { pc, policy, connect } = setup();
		connect();
		const settled = holdRestartOffer(pc, policy);
		await vi.advanceTimersByTimeAsync(hostOnlyTimeoutMs + gatherTimeoutMs);
		expect(settled()).toBeUndefined();
		expect(pc.offers).toBe(1);
		pc.gatherOne();
		await vi.advanceTimersByTimeAsync(0);
		expect(settled()).toBe(true);
	});

	it('drops a held offer that the other side replaced with its own meanwhile', async () => {
		const { pc, policy, failAfterConnecting } = setup();
		failAfterConnecting();
		const settled = holdRestartOffer(pc, policy);
		pc.gatherOne();
		pc.signalingState = 'stable'; // the polite side rolled back to answer the other side's offer
		pc.connectionState = 'connected';
		await vi.advanceTimersByTimeAsync(holdPollMs);
		expect(settled()).toBe(false);
	});

	it('a second offer made while one is held is left to the running hold', async () => {
		const { pc, policy, failAfterConnecting } = setup();
		failAfterConnecting();
		holdRestartOffer(pc, policy);
		pc.localDescription = { type: 'offer', sdp: offerSdp('newer') };
		await expect(policy.keepOffer('old')).resolves.toBe(false);
	});

	it('stop() ends the retries and drops a held offer', async () => {
		const { pc, policy, failAfterConnecting } = setup();
		failAfterConnecting();
		const settled = holdRestartOffer(pc, policy);
		policy.stop();
		await vi.advanceTimersByTimeAsync(restartRetryMs * 3);
		expect(pc.restarts).toBe(1);
		expect(settled()).toBe(false);
	});

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
});
