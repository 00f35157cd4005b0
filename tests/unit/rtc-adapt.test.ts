import { describe, expect, it } from 'vitest';
import { groupVideoUpstream, tunedParameters, videoMaxBitrate, videoShare } from '../../src/lib/rtc/adapt';

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

	it('caps the video bitrate of a 1:1 call at one cap, whatever the sender had', () => {
		const bitrate = (maxBitrate?: number) =>
			tunedParameters('video', base([{ active: true, maxBitrate }])).encodings[0]?.maxBitrate;
		expect(bitrate(undefined)).toBe(videoMaxBitrate);
		expect(bitrate(20_000_000)).toBe(videoMaxBitrate);
		expect(bitrate(500_000)).toBe(videoMaxBitrate);
	});

	it("gives a call that is down to two people again the 1:1 camera, not the group's share", () => {
		const inGroup = tunedParameters('video', base([{ active: true }]), 5);
		expect(inGroup.encodings[0]).toMatchObject({ maxBitrate: 480_000, maxFramerate: 20 });
		const again = tunedParameters('video', inGroup, 1).encodings[0];
		expect(again).toEqual({ active: true, maxBitrate: videoMaxBitrate, scaleResolutionDownBy: 1 });
	});
});

describe('videoShare (group calls)', () => {
	it('keeps the camera upstream within the group budget and degrades pixels and frames as receivers grow', () => {
		expect(videoShare(1)).toEqual({ maxBitrate: videoMaxBitrate, scaleResolutionDownBy: 1 });
		expect(videoShare(2)).toEqual({ maxBitrate: 1_200_000, scaleResolutionDownBy: 1 });
		expect(videoShare(3)).toEqual({ maxBitrate: 800_000, scaleResolutionDownBy: 1.5 });
		expect(videoShare(5)).toEqual({ maxBitrate: 480_000, scaleResolutionDownBy: 2, maxFramerate: 20 });
		for (let n = 2; n <= 5; n++) expect(videoShare(n).maxBitrate * n).toBeLessThanOrEqual(groupVideoUpstream);
	});

	it('applies the share to the camera only in a group; audio stays high priority', () => {
		const video = tunedParameters('video', base([{ active: true }]), 4).encodings[0];
		expect(video).toMatchObject({ maxBitrate: 600_000, scaleResolutionDownBy: 2, maxFramerate: 20 });
		expect(tunedParameters('audio', base([{ active: true }]), 4).encodings[0]).toMatchObject({
			priority: 'high',
			networkPriority: 'high'
		});
	});
});
