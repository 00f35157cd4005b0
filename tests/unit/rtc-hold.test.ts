import { describe, expect, it } from 'vitest';
import { createHold, isUserMessage } from '../../src/lib/rtc/hold';
import type { PeerMessage } from '../../src/lib/rtc/protocol';

/** A hold over a link whose state the test sets, recording what went on the channel. */
function held(up = true) {
	const link = { up };
	const sent: PeerMessage[] = [];
	const hold = createHold({ up: () => link.up, send: (message) => void sent.push(message) });
	return { link, sent, hold };
}

const chat = (text: string): PeerMessage => ({ t: 'chat', id: text, text, at: 1 });

describe('user messages while the link is down (rtc/hold)', () => {
	it('sends at once while the link is up', () => {
		const { sent, hold } = held();
		expect(hold.send(chat('a'))).toBeUndefined();
		expect(sent).toEqual([chat('a')]);
		expect(hold.whenUp()).toBeUndefined();
	});

	it('holds while down, then sends everything in order once the link is back', async () => {
		const { link, sent, hold } = held(false);
		const first = hold.send(chat('a'));
		const second = hold.send({ t: 'media', mic: false, camera: true });
		expect(sent).toEqual([]);
		hold.check();
		expect(sent, 'nothing goes while still down').toEqual([]);
		link.up = true;
		// Up again, but a message sent now must not overtake those held before it.
		void hold.send(chat('c'));
		expect(sent).toEqual([]);
		hold.check();
		expect(sent).toEqual([chat('a'), { t: 'media', mic: false, camera: true }, chat('c')]);
		expect(await first).toBe(true);
		expect(await second).toBe(true);
		hold.check();
		expect(sent, 'each message once').toHaveLength(3);
	});

	it('lets file data wait for the link and go on when it is back', async () => {
		const { link, hold } = held(false);
		let resumed = false;
		const wait = hold.whenUp();
		expect(wait).toBeInstanceOf(Promise);
		void wait?.then(() => (resumed = true));
		hold.check();
		await Promise.resolve();
		expect(resumed).toBe(false);
		link.up = true;
		hold.check();
		await wait;
		expect(resumed).toBe(true);
	});

	it('drops what is held when the call closes, and releases waiting file data', async () => {
		const { link, sent, hold } = held(false);
		const pending = hold.send(chat('a'));
		const wait = hold.whenUp();
		hold.stop();
		expect(await pending).toBe(false);
		await wait;
		link.up = true;
		hold.check();
		expect(sent).toEqual([]);
		expect(await hold.send(chat('b'))).toBe(false);
	});

	it('holds only what the user sends: the restart and the rest of the protocol never wait', () => {
		expect(isUserMessage(chat('a'))).toBe(true);
		expect(isUserMessage({ t: 'media', mic: true, camera: true })).toBe(true);
		const protocol: PeerMessage[] = [
			{ t: 'sdp', description: { type: 'offer', sdp: 'v=0' } },
			{ t: 'sdp', description: { type: 'answer', sdp: 'v=0' } },
			{ t: 'ice', candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: 0 } },
			{ t: 'ping', id: 1 },
			{ t: 'pong', id: 1 },
			{ t: 'keyframe' },
			{ t: 'renegotiate' },
			{ t: 'bye' }
		];
		for (const message of protocol) expect(isUserMessage(message), message.t).toBe(false);
	});
});
