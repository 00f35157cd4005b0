import { describe, expect, it } from 'vitest';
import { receivedLevel } from '../../src/lib/rtc/received-level';

type Totals = { totalAudioEnergy?: number; totalSamplesDuration?: number };

/** A transceiver as far as receivedLevel reads it: its kind, direction and receiver's statistics report. */
function transceiver(kind: 'audio' | 'video', totals: () => Totals | Error) {
	const getStats = async () => {
		const now = totals();
		if (now instanceof Error) throw now;
		return new Map([
			['T01', { type: 'transport', id: 'T01' }],
			[`IT-${kind}`, { type: 'inbound-rtp', kind, id: `IT-${kind}`, ...now }]
		]);
	};
	return {
		currentDirection: 'sendrecv',
		direction: 'sendrecv',
		receiver: { track: { kind }, getStats }
	} as unknown as RTCRtpTransceiver;
}

describe("the other side's microphone level", () => {
	it("is the RMS of what played since the previous read, from the audio receiver's energy totals", async () => {
		let totals: Totals | Error = { totalAudioEnergy: 0.5, totalSamplesDuration: 10 };
		const pc = {
			getTransceivers: () => [
				transceiver('video', () => ({ totalAudioEnergy: 99, totalSamplesDuration: 99 })),
				transceiver('audio', () => totals)
			]
		};
		const read = receivedLevel(pc);
		// Nothing to compare the first totals with.
		expect(await read()).toBe(0);
		// 0.2 s at a mean square of 0.0625: an RMS of 0.25.
		totals = { totalAudioEnergy: 0.5125, totalSamplesDuration: 10.2 };
		expect(await read()).toBeCloseTo(0.25, 10);
		// Nothing played since (a dead link): silence, not the last level again.
		expect(await read()).toBe(0);
		totals = { totalAudioEnergy: 0.5125, totalSamplesDuration: 10.4 };
		expect(await read()).toBe(0);
		totals = { totalAudioEnergy: 0.5165, totalSamplesDuration: 10.5 };
		expect(await read()).toBeCloseTo(0.2, 10);
		// Statistics that fail, then come back: 0 each time, and the next read starts from fresh totals.
		totals = new Error('closed');
		expect(await read()).toBe(0);
		totals = { totalAudioEnergy: 0.6, totalSamplesDuration: 11 };
		expect(await read()).toBe(0);
		// A browser without the totals reads as silence.
		totals = {};
		expect(await read()).toBe(0);
	});

	it('is 0 without an audio receiver', async () => {
		expect(await receivedLevel({ getTransceivers: () => [] })()).toBe(0);
	});
});
