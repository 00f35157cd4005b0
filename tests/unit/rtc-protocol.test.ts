import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/lib/rtc/protocol';
import { asPassive } from '../../src/lib/rtc/keepalive';

describe('data-channel protocol', () => {
	it('round-trips every message kind through JSON', () => {
		const messages = [
			{ t: 'sdp', description: { type: 'offer', sdp: 'v=0\r\n' } },
			{
				t: 'ice',
				candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0 }
			},
			{ t: 'media', mic: false, camera: true },
			{ t: 'chat', id: 'a1', text: 'hi', at: 1 },
			{ t: 'ping', id: 7 },
			{ t: 'pong', id: 7 },
			{ t: 'renegotiate' },
			{ t: 'bye' }
		];
		for (const message of messages) expect(parseMessage(JSON.stringify(message))).toEqual(message);
	});

	it('ignores what a newer or broken peer might send instead of throwing', () => {
		for (const data of [
			'',
			'not json',
			'[]',
			'null',
			'{"t":"future"}',
			'{"t":"sdp","description":{"type":"rollback"}}',
			'{"t":"ice"}',
			'{"t":"ping","id":"7"}',
			42,
			new ArrayBuffer(4)
		]) {
			expect(parseMessage(data)).toBeNull();
		}
	});
});

describe('answer as DTLS server', () => {
	it('turns only the setup role of the answer passive and keeps ICE credentials byte for byte', () => {
		const sdp = 'v=0\r\na=ice-ufrag:ab/+\r\na=ice-pwd:active\r\na=setup:active\r\na=mid:0\r\n';
		expect(asPassive({ type: 'answer', sdp }).sdp).toBe(sdp.replace('a=setup:active', 'a=setup:passive'));
	});
});
