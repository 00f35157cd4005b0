// The frozen-video watch (rtc/video-watch.ts) against a stand-in connection whose camera receiver reports a
// decoded-frame counter the test moves; the real pipeline is covered by the @netns "Video paused" test.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
	arrivalWithinMs,
	sendKeyFrame,
	videoCheckEveryMs,
	videoStallMs,
	watchRemoteVideo,
	type VideoStall
} from '../../src/lib/rtc/video-watch';

function standIn() {
	const state = {
		frames: 0,
		direction: 'sendrecv' as RTCRtpTransceiverDirection,
		active: [] as boolean[],
		/** Whether anything (audio, RTCP) still arrives from the other side: false once the link is dead. */
		link: true,
		packets: 0,
		/** getStats calls: the camera receiver's, and the whole connection's. */
		reads: { receiver: 0, pc: 0 },
		/** setParameters calls that fail as when another get/set pair came in between (libwebrtc). */
		raced: 0
	};
	let encodings: RTCRtpEncodingParameters[] = [{ active: true }];
	const transceiver = {
		get currentDirection() {
			return state.direction;
		},
		receiver: {
			track: { kind: 'video' },
			getStats: async () => {
				state.reads.receiver += 1;
				return new Map([['in', { type: 'inbound-rtp', framesDecoded: state.frames }]]);
			}
		},
		sender: {
			track: { kind: 'video' },
			getParameters: () => ({ encodings: encodings.map((e) => ({ ...e })) }),
			setParameters: async (p: { encodings: RTCRtpEncodingParameters[] }) => {
				if (state.raced > 0 && state.raced--)
					throw new DOMException('getParameters() has never been called on this sender', 'InvalidStateError');
				encodings = p.encodings;
				state.active.push(p.encodings[0]!.active ?? true);
			}
		}
	};
	// Audio packets keep arriving over a live link, whatever the video does.
	const getStats = async () => {
		state.reads.pc += 1;
		return new Map([
			['audio', { type: 'inbound-rtp', packetsReceived: (state.packets += state.link ? 50 : 0) }]
		]);
	};
	const pc = { getTransceivers: () => [transceiver], getStats } as unknown as RTCPeerConnection;
	return { pc, state };
}

function watch(expected = { value: true }) {
	const { pc, state } = standIn();
	const seen = { stalls: [] as VideoStall[], requests: 0 };
	const stop = watchRemoteVideo(pc, {
		expected: () => expected.value,
		onStall: (stall) => seen.stalls.push(stall),
		requestKeyFrame: () => (seen.requests += 1)
	});
	/** Frames keep arriving for `ms`. */
	const flow = async (ms: number) => {
		for (let t = 0; t < ms; t += videoCheckEveryMs) {
			state.frames += 30;
			await vi.advanceTimersByTimeAsync(videoCheckEveryMs);
		}
	};
	return { state, seen, stop, flow };
}

describe('remote video stall watch', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('says "paused" once frames stopped for the stall period while expected, and asks for a key frame', async () => {
		const { seen, flow } = watch();
		await flow(3_000);
		await vi.advanceTimersByTimeAsync(videoStallMs - videoCheckEveryMs);
		expect(seen.stalls).toEqual([]);
		await vi.advanceTimersByTimeAsync(videoCheckEveryMs * 2);
		expect(seen.stalls).toEqual(['paused']);
		expect(seen.requests).toBe(1);
		// Asked again each stall period while it lasts, not every check.
		await vi.advanceTimersByTimeAsync(videoStallMs);
		expect(seen.requests).toBe(2);
		expect(seen.stalls).toEqual(['paused']);
	});

	it('asks for no key frame while nothing at all arrives (the link died), and asks once something does', async () => {
		const { state, seen, flow } = watch();
		await flow(3_000);
		// The link dies while ICE still says connected: frames stop, and so does everything else.
		state.link = false;
		await vi.advanceTimersByTimeAsync(videoStallMs + videoCheckEveryMs * 2);
		expect(seen.stalls).toEqual(['paused']);
		// The request would stay outstanding in SCTP and hold the restart offer back at the link's return.
		expect(seen.requests).toBe(0);
		await vi.advanceTimersByTimeAsync(videoStallMs * 2);
		expect(seen.requests).toBe(0);
		// Audio comes back but the video does not: now the sender is asked.
		state.link = true;
		await vi.advanceTimersByTimeAsync(videoCheckEveryMs);
		expect(seen.requests).toBe(1);
		expect(seen.stalls).toEqual(['paused']);
	});

	it('still asks when something arrived within arrivalWithinMs, with video alone stopped', async () => {
		const { state, seen, flow } = watch();
		await flow(3_000);
		await vi.advanceTimersByTimeAsync(videoStallMs + videoCheckEveryMs);
		expect(seen.requests).toBe(1);
		// The next request is due a stall period later; silent for the last check period before it only.
		const silentMs = arrivalWithinMs - videoCheckEveryMs;
		await vi.advanceTimersByTimeAsync(videoStallMs - silentMs);
		state.link = false;
		await vi.advanceTimersByTimeAsync(silentMs);
		expect(seen.requests).toBe(2);
	});

	it('says "absent", not "paused", when not one frame came, and "paused" for a stall after the first', async () => {
		const { seen, flow } = watch();
		await vi.advanceTimersByTimeAsync(videoStallMs - videoCheckEveryMs);
		expect(seen.stalls).toEqual([]);
		await vi.advanceTimersByTimeAsync(videoCheckEveryMs * 2);
		expect(seen.stalls).toEqual(['absent']);
		// The sender is still asked: a key frame may be all the decoder waits for.
		expect(seen.requests).toBe(1);
		await flow(videoCheckEveryMs);
		await vi.advanceTimersByTimeAsync(videoStallMs + videoCheckEveryMs * 2);
		expect(seen.stalls).toEqual(['absent', 'none', 'paused']);
	});

	it('clears "paused" as soon as frames advance again', async () => {
		const { seen, flow } = watch();
		await flow(2_000);
		await vi.advanceTimersByTimeAsync(videoStallMs + videoCheckEveryMs * 2);
		await flow(videoCheckEveryMs);
		expect(seen.stalls).toEqual(['paused', 'none']);
	});

	it('stays quiet while frames are not expected (reconnecting, camera off) and restarts the clock after', async () => {
		const expected = { value: false };
		const { seen, flow } = watch(expected);
		await flow(2_000);
		await vi.advanceTimersByTimeAsync(videoStallMs * 2);
		expect(seen.stalls).toEqual([]);
		expected.value = true;
		await vi.advanceTimersByTimeAsync(videoStallMs - videoCheckEveryMs);
		expect(seen.stalls).toEqual([]);
		expect(seen.requests).toBe(0);
	});

	it("reads no statistics while frames are not expected, and the connection's only while they stand still", async () => {
		const expected = { value: false };
		const { state, flow } = watch(expected);
		// An audio-only call: nothing read at all.
		await vi.advanceTimersByTimeAsync(videoStallMs * 2);
		expect(state.reads).toEqual({ receiver: 0, pc: 0 });
		// Video flowing: the camera receiver's decoded frames only, once a check.
		expected.value = true;
		await flow(videoCheckEveryMs * 4);
		expect(state.reads).toEqual({ receiver: 4, pc: 0 });
		// Frames stand still: from then on the arrivals too.
		await vi.advanceTimersByTimeAsync(videoCheckEveryMs * 3);
		expect(state.reads).toEqual({ receiver: 7, pc: 3 });
	});

	it('stop() ends the checks', async () => {
		const { seen, stop } = watch();
		stop();
		await vi.advanceTimersByTimeAsync(videoStallMs * 3);
		expect(seen.stalls).toEqual([]);
	});

	it('a key-frame request switches the camera encoding off and on again', async () => {
		const { pc, state } = standIn();
		await sendKeyFrame(pc);
		expect(state.active).toEqual([false, true]);
	});

	it('a switch that another setParameters raced is made again, so the camera is not left off', async () => {
		const { pc, state } = standIn();
		state.raced = 2;
		await sendKeyFrame(pc);
		expect(state.active).toEqual([false, true]);
	});
});
