// Control-channel frames (rtc/channel.ts): a long message travels deflated, so that a restart offer crosses
// a link that works one way only at first, where SCTP sends only a few packets unacknowledged.
import { describe, expect, it } from 'vitest';
import { compressAboveBytes, decodeFrame, encodeFrame } from '../../src/lib/rtc/channel';
import { fixture } from './signal/helpers';

/** The payload of one SCTP packet on a 1,200-byte path MTU (dcSCTP's default), less DATA chunk headers. */
const sctpPayloadBytes = 1_170;

describe('control-channel frames', () => {
	it('sends a short message as its JSON text', async () => {
		const text = JSON.stringify({ t: 'media', mic: true, camera: false });
		expect(await encodeFrame(text)).toBe(text);
	});

	it('deflates an A/V offer into two SCTP packets, and reads it back unchanged', async () => {
		for (const name of ['chromium156-av-offer', 'firefox153-av-offer', 'chromium156-av-answer']) {
			const text = JSON.stringify({ t: 'sdp', description: fixture(name) });
			expect(text.length).toBeGreaterThan(compressAboveBytes);
			const frame = await encodeFrame(text);
			if (typeof frame === 'string') throw new Error(`${name}: sent as text`);
			expect(frame.byteLength, name).toBeLessThanOrEqual(2 * sctpPayloadBytes);
			expect(Math.ceil(text.length / sctpPayloadBytes), name).toBeGreaterThanOrEqual(5);
			expect(await decodeFrame(frame)).toBe(text);
		}
	});

	it('keeps every character of a long message with non-ASCII text', async () => {
		const text = JSON.stringify({ t: 'chat', id: 'x', text: 'Привет, 你好, مرحبا '.repeat(80), at: 1 });
		const frame = await encodeFrame(text);
		expect(typeof frame).not.toBe('string');
		expect(await decodeFrame(frame)).toBe(text);
	});
});
