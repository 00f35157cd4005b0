import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tunedParameters } from '../../src/lib/rtc/adapt';
import {
	createStartSize,
	fullSizeBitrate,
	liftStartSize,
	startCheckEveryMs,
	startPixels,
	startScale,
	startSizeMaxMs
} from '../../src/lib/rtc/start-resolution';

const camera = (width: number, height: number) =>
	({ getSettings: () => ({ width, height }) }) as unknown as MediaStreamTrack;

const params = (encoding: RTCRtpEncodingParameters): RTCRtpSendParameters => ({
	transactionId: 't1',
	encodings: [encoding],
	codecs: [],
	headerExtensions: [],
	rtcp: {}
});

describe('startScale', () => {
	it('scales a camera down to what the encoder sends at its start bitrate, never up', () => {
		expect(startScale(camera(640, 480))).toBe(2);
		expect(startScale(camera(320, 240))).toBe(1);
		expect(startScale(camera(160, 120))).toBe(1);
		expect(startScale(null)).toBe(1);
		const scale = startScale(camera(1280, 720));
		expect((1280 / scale) * (720 / scale)).toBeCloseTo(startPixels);
	});
});

describe('tunedParameters with a start size', () => {
	it('sets the start scale on a 1:1 camera and takes it back to full size when lifted', () => {
		expect(tunedParameters('video', params({ active: true }), 1, 2).encodings[0]?.scaleResolutionDownBy).toBe(
			2
		);
		const lifted = tunedParameters('video', params({ active: true, scaleResolutionDownBy: 2 }), 1, 1);
		expect(lifted.encodings[0]?.scaleResolutionDownBy).toBe(1);
	});

	it("keeps a group's share when it scales down more than the start does", () => {
		expect(tunedParameters('video', params({}), 5, 2).encodings[0]?.scaleResolutionDownBy).toBe(2);
		expect(tunedParameters('video', params({}), 3, 2).encodings[0]?.scaleResolutionDownBy).toBe(2);
		expect(tunedParameters('video', params({}), 3, 1).encodings[0]?.scaleResolutionDownBy).toBe(1.5);
	});
});

/**
 * A connection whose camera sender's stats give `rates` (the selected pair's estimate; undefined: none) and
 * `encoded` (frames) in turn, the last of each repeating.
 */
function connection(rates: (number | undefined)[], encoded: number[] = [1]) {
	let call = 0;
	const getStats = vi.fn(async () => {
		const at = <T>(list: T[]) => list[Math.min(call, list.length - 1)];
		const [rate, frames] = [at(rates), at(encoded)];
		call++;
		return new Map<string, object>([
			['T', { type: 'transport', selectedCandidatePairId: 'P' }],
			['P', { type: 'candidate-pair', availableOutgoingBitrate: rate }],
			['O', { type: 'outbound-rtp', framesEncoded: frames }]
		]);
	});
	const transceiver = {
		currentDirection: 'sendrecv',
		direction: 'sendrecv',
		receiver: { track: { kind: 'video' } },
		sender: { track: {}, getStats }
	};
	return { pc: { getTransceivers: () => [transceiver] } as unknown as RTCPeerConnection, getStats };
}

describe('liftStartSize', () => {
	beforeEach(() => void vi.useFakeTimers());
	afterEach(() => void vi.useRealTimers());

	it('lifts once the estimate reaches what the encoder wants for full size, not before', async () => {
		const lift = vi.fn();
		liftStartSize(connection([300_000, fullSizeBitrate - 1, fullSizeBitrate]).pc, lift);
		await vi.advanceTimersByTimeAsync(startCheckEveryMs * 2);
		expect(lift).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(startCheckEveryMs);
		expect(lift).toHaveBeenCalledTimes(1);
		await vi.advanceTimersByTimeAsync(startSizeMaxMs);
		expect(lift).toHaveBeenCalledTimes(1);
	});

	it('never before the first frame is encoded (the encoder would drop frames for their size again)', async () => {
		const lift = vi.fn();
		liftStartSize(connection([fullSizeBitrate * 4], [0, 0, 1]).pc, lift);
		await vi.advanceTimersByTimeAsync(startCheckEveryMs * 2);
		expect(lift).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(startCheckEveryMs);
		expect(lift).toHaveBeenCalledTimes(1);
	});

	it('lifts after startSizeMaxMs on a link that never affords it', async () => {
		const lift = vi.fn();
		liftStartSize(connection([300_000]).pc, lift);
		await vi.advanceTimersByTimeAsync(startSizeMaxMs - startCheckEveryMs);
		expect(lift).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(startCheckEveryMs);
		expect(lift).toHaveBeenCalledTimes(1);
	});

	it('without an estimate (Firefox), lifts once the first frame is encoded', async () => {
		const lift = vi.fn();
		liftStartSize(connection([undefined], [0, 0, 0, 2]).pc, lift);
		await vi.advanceTimersByTimeAsync(startCheckEveryMs * 3);
		expect(lift).not.toHaveBeenCalled();
		await vi.advanceTimersByTimeAsync(startCheckEveryMs);
		expect(lift).toHaveBeenCalledTimes(1);
	});

	it('never lifts after stop', async () => {
		const lift = vi.fn();
		const stop = liftStartSize(connection([fullSizeBitrate]).pc, lift);
		stop();
		await vi.advanceTimersByTimeAsync(startSizeMaxMs * 2);
		expect(lift).not.toHaveBeenCalled();
	});
});

describe('createStartSize', () => {
	beforeEach(() => void vi.useFakeTimers());
	afterEach(() => void vi.useRealTimers());

	it('says starting until the watch lifts it, then asks for the senders to be tuned again, once', async () => {
		const { pc, getStats } = connection([300_000, fullSizeBitrate]);
		const onLifted = vi.fn();
		const size = createStartSize(pc, onLifted);
		await vi.advanceTimersByTimeAsync(startCheckEveryMs * 4);
		expect(size.starting).toBe(true);
		size.start();
		size.start();
		await vi.advanceTimersByTimeAsync(startCheckEveryMs);
		expect(size.starting).toBe(true);
		await vi.advanceTimersByTimeAsync(startCheckEveryMs);
		expect(size.starting).toBe(false);
		expect(onLifted).toHaveBeenCalledTimes(1);
		expect(getStats).toHaveBeenCalledTimes(2);
	});
});
