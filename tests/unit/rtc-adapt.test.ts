import { describe, expect, it } from 'vitest';
import {
	adaptSenders,
	groupVideoUpstream,
	tunedParameters,
	videoMaxBitrate,
	videoShare
} from '../../src/lib/rtc/adapt';

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

/** A connection with a microphone and a camera sender that count their getParameters (a blocking call). */
function connection(encodings = 1) {
	const reads = { audio: 0, video: 0 };
	const set: Record<string, RTCRtpSendParameters[]> = { audio: [], video: [] };
	const transceiver = (kind: 'audio' | 'video') => {
		let parameters = base(Array.from({ length: encodings }, () => ({ active: true })));
		const sender = {
			track: { kind, getSettings: () => ({ width: 640, height: 480 }) },
			getParameters: () => {
				reads[kind] += 1;
				return parameters;
			},
			setParameters: async (next: RTCRtpSendParameters) => {
				set[kind]!.push(next);
				parameters = next;
			}
		};
		return { currentDirection: 'sendrecv', receiver: { track: { kind } }, sender };
	};
	const transceivers = [transceiver('audio'), transceiver('video')];
	const pc = { getTransceivers: () => transceivers } as unknown as RTCPeerConnection;
	return { pc, reads, set };
}

describe('adaptSenders', () => {
	it('reads and sets each sender only when what it is tuned for changes', async () => {
		const { pc, reads, set } = connection();
		await adaptSenders(pc, 1, true);
		expect(reads).toEqual({ audio: 1, video: 1 });
		// A negotiation's end, then another: the same receivers and start, nothing read or set again.
		await adaptSenders(pc, 1, true);
		await adaptSenders(pc, 1, true);
		expect(reads).toEqual({ audio: 1, video: 1 });
		// The start size lifted, then a third person: tuned again each time.
		await adaptSenders(pc, 1, false);
		expect(set.video!.at(-1)?.encodings[0]?.scaleResolutionDownBy).toBe(1);
		await adaptSenders(pc, 2, false);
		expect(reads).toEqual({ audio: 3, video: 3 });
		expect(set.video!.at(-1)?.encodings[0]?.maxBitrate).toBe(videoShare(2).maxBitrate);
		expect(set.video).toHaveLength(3);
	});

	it('tunes a sender not negotiated yet (no encodings) at a later call', async () => {
		const { pc, reads, set } = connection(0);
		await adaptSenders(pc, 1);
		await adaptSenders(pc, 1);
		// Read each time, never set: nothing is remembered for a sender that could not be tuned.
		expect(reads).toEqual({ audio: 2, video: 2 });
		expect(set).toEqual({ audio: [], video: [] });
	});
});
