import { describe, expect, it } from 'vitest';
import { tunedParameters, videoMaxBitrate } from '../../src/lib/rtc/adapt';

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
		expect(tuned.encodings[0]?.maxBitrate).toBe(videoMaxBitrate);
		expect(tuned.transactionId).toBe('t1');
		expect(tunedParameters('video', base([{ maxBitrate: 500_000 }])).encodings[0]?.maxBitrate).toBe(500_000);
	});
});
