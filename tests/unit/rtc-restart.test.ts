// The ICE-restart policy (rtc/restart.ts) against a stand-in for the few RTCPeerConnection members it uses:
// the real connection's behaviour is covered end to end by the @netns specs.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { gatherTimeoutMs, hostOnlyTimeoutMs } from '../../src/lib/rtc/gather';
import { holdPollMs, restartRetryMs, restartsAfterFailure } from '../../src/lib/rtc/restart';
import { holdRestartOffer, offerSdp, setup } from './restart-stand-in';

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
});
