// A joiner whose ICE failed in an outage renews its checks of the caller's candidates (rtc/restart.ts,
// rtc/renew-checks.ts): a Firefox caller is still 'disconnected' at 20 s and does not restart, and Chromium's
// joiner had dropped every pair, so the call waited for Firefox's next consent check. Against a stand-in for
// the few RTCPeerConnection members used; the browsers' side is the @netns outage ladder.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { renewChecks } from '../../src/lib/rtc/renew-checks';
import { createRestartPolicy, recheckEveryMs, restartRetryMs } from '../../src/lib/rtc/restart';
import { fixture } from './signal/helpers';

/** The caller's A/V offer as the joiner holds it: Firefox 153, mDNS host candidates in every section. */
const callerOffer = fixture('firefox153-av-offer').sdp!;
/** The candidate lines of its first media section (mid 0), the bundled transport. */
const firstSection = callerOffer.split(/^(?=m=)/m)[1]!.match(/^a=candidate:.*?(?=\r?$)/gm)!;

class StandInConnection {
	connectionState: RTCPeerConnectionState = 'connected';
	signalingState: RTCSignalingState = 'stable';
	currentRemoteDescription = { type: 'offer', sdp: callerOffer };
	/** The candidate pairs getStats reports: a state, or a state with the checks sent on the pair. */
	pairs: (string | { state: string; requestsSent: number })[] = [];
	added: RTCIceCandidateInit[] = [];
	restarts = 0;
	restartIce() {
		this.restarts += 1;
	}
	getStats() {
		return Promise.resolve(
			new Map(
				this.pairs.map((pair, i) => [
					`p${i}`,
					{ type: 'candidate-pair', ...(typeof pair === 'string' ? { state: pair } : pair) }
				])
			)
		);
	}
	/** Like Chromium, lists an added candidate in the remote description, after those of its section. */
	addIceCandidate(candidate: RTCIceCandidateInit) {
		this.added.push(candidate);
		const [session, first, ...rest] = this.currentRemoteDescription.sdp.split(/^(?=m=)/m);
		const withAdded = `${first}a=${candidate.candidate}\r\n`;
		this.currentRemoteDescription.sdp = [session, withAdded, ...rest].join('');
		return Promise.resolve();
	}
}

function setup(restarts: boolean) {
	const pc = new StandInConnection();
	let connected = false;
	const policy = createRestartPolicy(pc as unknown as RTCPeerConnection, {
		restarts: () => restarts,
		everConnected: () => connected
	});
	const failAfterConnecting = () => {
		connected = true;
		pc.connectionState = 'failed';
		policy.onFailed();
	};
	return { pc, policy, failAfterConnecting };
}

/** The candidate as it was sent, its foundation aside. */
const withoutFoundation = (candidate: string) => candidate.replace(/^a?=?candidate:\S+/, '');
const foundationOf = (candidate: string) => /^candidate:(\S+)/.exec(candidate)?.[1];

describe('renewed checks after a failure, on the side that leaves restarts to the other', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it("adds the caller's candidates again under fresh foundations, every period until connected, and never restarts", async () => {
		const { pc, failAfterConnecting } = setup(false);
		failAfterConnecting();
		await vi.advanceTimersByTimeAsync(0);
		expect(pc.added.map((c) => c.sdpMid)).toEqual(firstSection.map(() => '0'));
		// Same addresses, ports, priorities and types: only the foundation is new.
		expect(pc.added.map((c) => withoutFoundation(c.candidate!))).toEqual(firstSection.map(withoutFoundation));
		const firstRound = pc.added.map((c) => foundationOf(c.candidate!));
		await vi.advanceTimersByTimeAsync(recheckEveryMs);
		expect(pc.added).toHaveLength(2 * firstSection.length);
		const secondRound = pc.added.slice(firstSection.length).map((c) => foundationOf(c.candidate!));
		expect(secondRound.filter((f) => firstRound.includes(f))).toEqual([]);

		pc.connectionState = 'connected';
		await vi.advanceTimersByTimeAsync(recheckEveryMs * 5);
		expect(pc.added).toHaveLength(2 * firstSection.length);
		expect(pc.restarts).toBe(0);
	});

	it('adds nothing while a pair is still checking', async () => {
		const { pc, failAfterConnecting } = setup(false);
		pc.pairs = ['in-progress', 'failed'];
		failAfterConnecting();
		await vi.advanceTimersByTimeAsync(recheckEveryMs * 3);
		expect(pc.added).toEqual([]);
		pc.pairs = ['failed'];
		await vi.advanceTimersByTimeAsync(recheckEveryMs);
		expect(pc.added).toHaveLength(firstSection.length);
	});

	it("goes on past pairs that wait with no check sent: the peer-reflexive ones the caller's checks make", async () => {
		const { pc, failAfterConnecting } = setup(false);
		pc.pairs = [{ state: 'waiting', requestsSent: 0 }, 'failed'];
		failAfterConnecting();
		await vi.advanceTimersByTimeAsync(0);
		expect(pc.added).toHaveLength(firstSection.length);
		// A waiting pair that was checked is still alive: nothing more until it fails.
		pc.pairs = [{ state: 'waiting', requestsSent: 2 }];
		await vi.advanceTimersByTimeAsync(recheckEveryMs * 2);
		expect(pc.added).toHaveLength(firstSection.length);
	});

	it("adds nothing while the caller's restart offer is being applied: its own checks take over", async () => {
		const { pc, failAfterConnecting } = setup(false);
		pc.signalingState = 'have-remote-offer';
		failAfterConnecting();
		await vi.advanceTimersByTimeAsync(recheckEveryMs * 3);
		expect(pc.added).toEqual([]);
	});

	it('stop() ends the renewals', async () => {
		const { pc, policy, failAfterConnecting } = setup(false);
		failAfterConnecting();
		await vi.advanceTimersByTimeAsync(0);
		policy.stop();
		await vi.advanceTimersByTimeAsync(recheckEveryMs * 3);
		expect(pc.added).toHaveLength(firstSection.length);
	});

	it('the caller restarts instead; and nothing happens on a failure before the first connection', async () => {
		const caller = setup(true);
		caller.failAfterConnecting();
		await vi.advanceTimersByTimeAsync(restartRetryMs);
		expect(caller.pc.added).toEqual([]);
		expect(caller.pc.restarts).toBeGreaterThan(0);

		const early = setup(false);
		early.pc.connectionState = 'failed';
		early.policy.onFailed();
		await vi.advanceTimersByTimeAsync(recheckEveryMs * 3);
		expect(early.pc.added).toEqual([]);
	});

	it('renewChecks keeps foundations within 32 characters (RFC 8839) however many rounds', async () => {
		const pc = new StandInConnection();
		const long = callerOffer.replace(/^a=candidate:0 /m, `a=candidate:${'f'.repeat(32)} `);
		await renewChecks(pc as unknown as RTCPeerConnection, long, 123_456);
		for (const { candidate } of pc.added) expect(foundationOf(candidate!)!.length).toBeLessThanOrEqual(32);
	});
});
