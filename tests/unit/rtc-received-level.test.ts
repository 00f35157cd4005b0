import { describe, expect, it } from 'vitest';
import { receivedLevel } from '../../src/lib/rtc/received-level';

/** A transceiver as far as receivedLevel reads it: its kind, direction and latest synchronization source. */
function transceiver(kind: 'audio' | 'video', sources: () => Partial<RTCRtpSynchronizationSource>[]) {
	return {
		currentDirection: 'sendrecv',
		direction: 'sendrecv',
		receiver: { track: { kind }, getSynchronizationSources: sources }
	} as unknown as RTCRtpTransceiver;
}

describe("the other side's microphone level", () => {
	it("is the audio receiver's latest packet level, and 0 once no new packet came", () => {
		let latest: Partial<RTCRtpSynchronizationSource>[] = [];
		const pc = {
			getTransceivers: () => [
				transceiver('video', () => [{ audioLevel: 0.9, rtpTimestamp: 1 }]),
				transceiver('audio', () => latest)
			]
		};
		const read = receivedLevel(pc);
		expect(read()).toBe(0);
		latest = [{ audioLevel: 0.25, rtpTimestamp: 960 }];
		expect(read()).toBe(0.25);
		// The same packet read again: nothing arrived since (a muted side with DTX, a dead link).
		expect(read()).toBe(0);
		latest = [{ audioLevel: 0.5, rtpTimestamp: 1920 }];
		expect(read()).toBe(0.5);
		// A packet without the audio-level extension reads as silence.
		latest = [{ rtpTimestamp: 2880 }];
		expect(read()).toBe(0);
	});

	it('is 0 without an audio receiver', () => {
		expect(receivedLevel({ getTransceivers: () => [] })()).toBe(0);
	});
});
