// The ICE-restart policy (rtc/restart.ts) against a stand-in for the few RTCPeerConnection members it uses:
// the real connection's behaviour is covered end to end by the @netns specs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { hostOnlyTimeoutMs } from '../../src/lib/rtc/gather';
import { fixture } from './signal/helpers';
import { createRestartPolicy, restartRetryMs, restartsAfterFailure } from '../../src/lib/rtc/restart';

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
	rollbacks = 0;
	restartIce() {
		this.restarts += 1;
	}
	setLocalDescription(description: { type: RTCSdpType }) {
		if (description.type === 'rollback') {
			this.rollbacks += 1;
			this.signalingState = 'stable';
			this.localDescription = this.currentLocalDescription;
		}
		return Promise.resolve();
	}
}

function setup(restarts = true) {
	const pc = new StandInConnection();
	const negotiate = vi.fn();
	let connected = false;
	const policy = createRestartPolicy(pc as unknown as RTCPeerConnection, {
		restarts: () => restarts,
		negotiate,
		everConnected: () => connected
	});
	/** The link was up once and has now failed: the policy restarts. */
	const failAfterConnecting = () => {
		connected = true;
		pc.connectionState = 'failed';
		policy.onFailed();
	};
	return { pc, negotiate, policy, failAfterConnecting, connect: () => (connected = true) };
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

	it('leaves restarts to a Firefox caller: a Chromium joiner restarting made Firefox close the channel', () => {
		const withRemote = (name: string) => ({ currentRemoteDescription: fixture(name) }) as RTCPeerConnection;
		expect(restartsAfterFailure('joiner', withRemote('firefox153-av-offer'))).toBe(false);
		// As Chromium holds it: its own o= line in place of Firefox's.
		const held = fixture('firefox153-av-offer').sdp.replace(/^o=.*$/m, 'o=- 1 2 IN IP4 127.0.0.1');
		const fromFirefox = { currentRemoteDescription: { type: 'offer', sdp: held } } as RTCPeerConnection;
		expect(restartsAfterFailure('joiner', fromFirefox)).toBe(false);
		expect(restartsAfterFailure('joiner', withRemote('chromium156-av-offer'))).toBe(true);
		expect(restartsAfterFailure('caller', withRemote('firefox153-av-answer'))).toBe(true);
		expect(restartsAfterFailure('caller', withRemote('chromium156-av-answer'))).toBe(true);
	});

	it('restarts at failed and again every retry period while still failed, then stops', () => {
		const { pc, failAfterConnecting } = setup();
		failAfterConnecting();
		expect(pc.restarts).toBe(1);
		vi.advanceTimersByTime(restartRetryMs);
		expect(pc.restarts).toBe(2);
		pc.connectionState = 'connected';
		vi.advanceTimersByTime(restartRetryMs * 3);
		expect(pc.restarts).toBe(2);
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

	it('rolls back a restart offer that finds no candidate and holds negotiation until the next retry', async () => {
		const { pc, negotiate, policy, failAfterConnecting } = setup();
		failAfterConnecting();
		pc.signalingState = 'have-local-offer';
		pc.localDescription = { type: 'offer', sdp: offerSdp('new') };
		const kept = policy.keepOffer('old');
		await vi.advanceTimersByTimeAsync(hostOnlyTimeoutMs);
		await expect(kept).resolves.toBe(false);
		expect(pc.rollbacks).toBe(1);
		// Held: the old session keeps answering the other side's checks until the retry.
		expect(policy.mayNegotiate()).toBe(false);
		expect(negotiate).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(restartRetryMs);
		expect(pc.restarts).toBe(2);
		expect(negotiate).toHaveBeenCalledTimes(1);
		expect(policy.mayNegotiate()).toBe(true);
	});

	it('sends a restart offer as soon as it has a candidate', async () => {
		const { pc, policy, connect } = setup();
		connect();
		pc.localDescription = { type: 'offer', sdp: offerSdp('new') };
		const kept = policy.keepOffer('old');
		pc.dispatchEvent(
			Object.assign(new Event('icecandidate'), {
				candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.2 9 typ host' }
			})
		);
		await expect(kept).resolves.toBe(true);
		expect(pc.rollbacks).toBe(0);
	});

	it('stop() ends the retries', () => {
		const { pc, policy, failAfterConnecting } = setup();
		failAfterConnecting();
		policy.stop();
		vi.advanceTimersByTime(restartRetryMs * 3);
		expect(pc.restarts).toBe(1);
	});
});
