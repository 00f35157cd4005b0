import { describe, expect, it } from 'vitest';
import { tunedParameters } from '../../src/lib/rtc/adapt';

const base = (encodings: RTCRtpEncodingParameters[]): RTCRtpSendParameters => ({
	transactionId: 't1',
	encodings,
	codecs: [],
	headerExtensions: [],
	rtcp: {}
});

describe('tunedParameters', () => {
	it('protects audio: high priority in the bandwidth split and on the network', () => {
		expect(tunedParameters('audio', base([{ active: true }])).encodings).toEqual([
			{ active: true, priority: 'high', networkPriority: 'high' }
		]);
	});

	it('lets video give way first: frame rate kept, resolution and bitrate adapt under a cap', () => {
		const tuned = tunedParameters('video', base([{ active: true }]));
		expect(tuned.degradationPreference).toBe('maintain-framerate');
		expect(tuned.transactionId).toBe('t1');
	});

	it('caps the video bitrate: an uncapped or higher request is brought down to one cap, a lower one kept', () => {
		const bitrate = (maxBitrate?: number) =>
			tunedParameters('video', base([{ active: true, maxBitrate }])).encodings[0]?.maxBitrate;
		// The cap is whatever an uncapped sender gets; its value is the module's choice, its effect is tested here.
		const cap = bitrate(undefined);
		expect(Number.isFinite(cap)).toBe(true);
		expect(bitrate(20_000_000)).toBe(cap);
		expect(bitrate((cap ?? 0) + 1)).toBe(cap);
		expect(bitrate((cap ?? 0) - 1)).toBe((cap ?? 0) - 1);
		expect(bitrate(500_000)).toBe(500_000);
	});
});
