// Stage two's answer deadline (rtc/answer-deadline.ts): an offer unanswered 10 s while connected is
// a failure the user sees; an answered one must never fire later into another offer (a held ICE restart).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerDeadline, mediaAnswerDeadlineMs } from '../../src/lib/rtc/answer-deadline';

const peer = (signalingState: RTCSignalingState) =>
	({ signalingState, connectionState: 'connected' }) as {
		-readonly [K in keyof RTCPeerConnection]: RTCPeerConnection[K];
	};

describe('the answer deadline', () => {
	beforeEach(() => void vi.useFakeTimers());
	afterEach(() => void vi.useRealTimers());

	it('fails an offer left unanswered while connected', () => {
		const pc = peer('have-local-offer');
		const onFailure = vi.fn();
		answerDeadline(pc as RTCPeerConnection, { role: 'caller', channelOpen: () => true, onFailure }).arm();
		vi.advanceTimersByTime(mediaAnswerDeadlineMs);
		expect(onFailure).toHaveBeenCalledOnce();
	});

	it('an answered wait does not fire into a later offer still held (an ICE restart after a move)', () => {
		const pc = peer('have-local-offer');
		const onFailure = vi.fn();
		const deadline = answerDeadline(pc as RTCPeerConnection, {
			role: 'joiner',
			channelOpen: () => true,
			onFailure
		});
		deadline.arm();
		pc.signalingState = 'stable';
		deadline.settle();
		// The restart offer, set and held while the link is down; its own deadline starts only when it is sent.
		pc.signalingState = 'have-local-offer';
		vi.advanceTimersByTime(mediaAnswerDeadlineMs * 2);
		expect(onFailure).not.toHaveBeenCalled();
	});
});
