// Control-channel frames (rtc/channel.ts): a long message travels deflated, so that a restart offer crosses
// a link that works one way only at first, where SCTP sends only a few packets unacknowledged; but only to a
// peer whose hello says it reads deflated frames (an older qrcall or a foreign stack would drop them).
import { describe, expect, it, vi } from 'vitest';
import {
	compressAboveBytes,
	createControlChannel,
	decodeFrame,
	encodeFrame
} from '../../src/lib/rtc/channel';
import type { PeerMessage } from '../../src/lib/rtc/protocol';
import { fixture } from './signal/helpers';

/** The payload of one SCTP packet on a 1,200-byte path MTU (dcSCTP's default), less DATA chunk headers. */
const sctpPayloadBytes = 1_170;

describe('control-channel frames', () => {
	it('sends a short message as its JSON text', async () => {
		const text = JSON.stringify({ t: 'media', mic: true, camera: false });
		expect(await encodeFrame(text, true)).toBe(text);
	});

	it('deflates an A/V offer into two SCTP packets, and reads it back unchanged', async () => {
		for (const name of ['chromium156-av-offer', 'firefox153-av-offer', 'chromium156-av-answer']) {
			const text = JSON.stringify({ t: 'sdp', description: fixture(name) });
			expect(text.length).toBeGreaterThan(compressAboveBytes);
			const frame = await encodeFrame(text, true);
			if (typeof frame === 'string') throw new Error(`${name}: sent as text`);
			expect(frame.byteLength, name).toBeLessThanOrEqual(2 * sctpPayloadBytes);
			expect(Math.ceil(text.length / sctpPayloadBytes), name).toBeGreaterThanOrEqual(5);
			expect(await decodeFrame(frame)).toBe(text);
		}
	});

	it('keeps every character of a long message with non-ASCII text', async () => {
		const text = JSON.stringify({ t: 'chat', id: 'x', text: 'Привет, 你好, مرحبا '.repeat(80), at: 1 });
		const frame = await encodeFrame(text, true);
		expect(typeof frame).not.toBe('string');
		expect(await decodeFrame(frame)).toBe(text);
	});
});

/**
 * The control channel over a stand-in data channel (open at once): what it sends, and a way to deliver what
 * the other side sends. The real RTCDataChannel is exercised by the foreign-peer and call e2e specs.
 */
function openChannel() {
	const sent: (string | ArrayBuffer)[] = [];
	const dc = {
		readyState: 'open',
		binaryType: 'blob',
		send: (data: string | ArrayBuffer) => sent.push(data),
		close: () => undefined,
		onopen: null as (() => void) | null,
		onmessage: null as ((event: { data: string | ArrayBuffer }) => void) | null,
		onclose: null
	};
	const pc = { createDataChannel: () => dc } as unknown as RTCPeerConnection;
	const channel = createControlChannel(pc);
	const received: PeerMessage[] = [];
	channel.listen({
		onOpen: () => undefined,
		onUrgent: () => false,
		onMessage: async (message) => void received.push(message),
		onMessageError: (error) => {
			throw error;
		},
		onClose: () => undefined
	});
	return {
		channel,
		received,
		/** The other side sends this message as JSON text. */
		deliver: (message: object) => dc.onmessage?.({ data: JSON.stringify(message) }),
		/** What went out for the n-th message sent (from 0), once it has. */
		frame: async (n: number) => {
			await vi.waitFor(() => expect(sent.length).toBeGreaterThan(n));
			return sent[n]!;
		}
	};
}

const offer = { t: 'sdp', description: fixture('chromium156-av-offer') } as PeerMessage;
const hello = (v: number) => ({ t: 'hello', v, id: '0123456789abcdef', name: '' });

describe('control channel: deflated frames only to a peer whose hello says it reads them', () => {
	it('sends a long offer as text to a peer that has sent no hello (a foreign stack, an older qrcall)', async () => {
		const { channel, frame } = openChannel();
		channel.send(offer);
		expect(await frame(0)).toBe(JSON.stringify(offer));
	});

	it('sends text to a peer whose hello says version 1 (groups, before deflated frames)', async () => {
		const { channel, deliver, received, frame } = openChannel();
		deliver(hello(1));
		await vi.waitFor(() => expect(received.map((m) => m.t)).toEqual(['hello']));
		channel.send(offer);
		expect(await frame(0)).toBe(JSON.stringify(offer));
	});

	it('deflates a long offer once the peer said version 2, and still sends short messages as text', async () => {
		const { channel, deliver, received, frame } = openChannel();
		channel.send(offer);
		expect(typeof (await frame(0))).toBe('string');
		deliver(hello(2));
		await vi.waitFor(() => expect(received.map((m) => m.t)).toEqual(['hello']));
		channel.send(offer);
		channel.send({ t: 'media', mic: true, camera: true });
		const deflated = await frame(1);
		if (typeof deflated === 'string') throw new Error('sent as text after hello v2');
		expect(await decodeFrame(deflated)).toBe(JSON.stringify(offer));
		expect(await frame(2)).toBe(JSON.stringify({ t: 'media', mic: true, camera: true }));
	});
});
