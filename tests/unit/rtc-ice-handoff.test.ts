// A restart offer's ICE credentials travel ahead of it (rtc/ice-handoff.ts) and end up in an SDP the side that
// stayed applies: only valid ice-chars may get there, and the description keeps everything but the credentials
// and the old address's candidates. tests/e2e/netns-move.spec.ts runs the real browsers.
import { describe, expect, it, vi } from 'vitest';
import {
	acceptIceParams,
	iceParamsMessage,
	iceParamsOf,
	keepsRolledBackPassword,
	sendCredentialsAhead,
	validIceParams,
	withIceParams
} from '../../src/lib/rtc/ice-handoff';
import { parseMessage } from '../../src/lib/rtc/protocol';

/** Chromium's form: a 4-character ufrag and a 24-character password from the base64 alphabet. */
const params = { ufrag: 'LMuR', pwd: 'k3+Zq/0aW9bXy1Vf2GtH8sPo' };
const sdp = [
	'v=0',
	'o=- 1 2 IN IP4 127.0.0.1',
	'a=group:BUNDLE 0 1',
	'm=audio 9 UDP/TLS/RTP/SAVPF 111',
	'a=candidate:1 1 udp 2122260223 10.77.0.2 50856 typ host generation 0',
	'a=end-of-candidates',
	'a=ice-ufrag:muHT',
	'a=ice-pwd:oldoldoldoldoldoldoldold',
	'a=setup:active',
	'a=mid:0',
	'm=video 9 UDP/TLS/RTP/SAVPF 96',
	'a=ice-ufrag:muHT',
	'a=ice-pwd:oldoldoldoldoldoldoldold',
	'a=mid:1',
	''
].join('\r\n');

describe('the credentials message', () => {
	it('parses valid credentials and round-trips them', () => {
		const wire = JSON.stringify(iceParamsMessage(params));
		expect(parseMessage(wire)).toEqual({ t: 'ice-params', ...params });
	});

	it('refuses anything that could break out of an SDP line or is not an ICE credential', () => {
		for (const bad of [
			{ ufrag: 'LMuR\r\na=x', pwd: params.pwd },
			{ ufrag: 'LMuR', pwd: `${params.pwd}\r\nm=application` },
			{ ufrag: 'abc', pwd: params.pwd },
			{ ufrag: 'LMuR', pwd: 'short' },
			{ ufrag: 'LM uR', pwd: params.pwd },
			{ ufrag: 7, pwd: params.pwd },
			{ ufrag: 'LMuR' }
		]) {
			expect(validIceParams(bad), JSON.stringify(bad)).toBe(false);
			expect(parseMessage(JSON.stringify({ t: 'ice-params', ...bad }))).toBeNull();
		}
	});

	it('accepts Firefox credentials too (8 hex ufrag, 32 hex password)', () => {
		expect(validIceParams({ ufrag: '0a1b2c3d', pwd: '0123456789abcdef0123456789abcdef' })).toBe(true);
	});
});

describe('the description the side that stayed applies (withIceParams)', () => {
	it('replaces every ufrag and password and drops the old candidates, and nothing else', () => {
		const out = withIceParams(sdp, params);
		expect(iceParamsOf(out)).toEqual(params);
		expect(out).not.toMatch(/muHT|oldold|a=candidate|end-of-candidates/);
		expect(out.match(/^a=ice-ufrag:/gm)).toHaveLength(2);
		const kept = (text: string) => text.split('\r\n').filter((l) => !/^a=(ice-|candidate|end-of)/.test(l));
		expect(kept(out)).toEqual(kept(sdp));
	});

	it('reads a description’s credentials', () => {
		expect(iceParamsOf(sdp)).toEqual({ ufrag: 'muHT', pwd: 'oldoldoldoldoldoldoldold' });
		expect(iceParamsOf('v=0\r\n')).toBeUndefined();
	});
});

describe('where the hand-off is applied', () => {
	it('libwebrtc browsers (Chromium says HeadlessChrome when headless), not Firefox', () => {
		expect(keepsRolledBackPassword('chromium')).toBe(true);
		expect(keepsRolledBackPassword('other')).toBe(true);
		expect(keepsRolledBackPassword('firefox')).toBe(false);
	});
});

/** A connection as acceptIceParams sees it; records the descriptions set and when (before any await). */
function fakePeer(state: Partial<RTCPeerConnection>, refuse = false) {
	const set: RTCSessionDescriptionInit[] = [];
	const pc = {
		iceConnectionState: 'disconnected',
		signalingState: 'stable',
		currentRemoteDescription: { type: 'answer', sdp },
		setRemoteDescription: (d: RTCSessionDescriptionInit) => {
			set.push(d);
			return refuse ? Promise.reject(new Error('refused')) : Promise.resolve();
		},
		...state
	} as unknown as RTCPeerConnection;
	return { pc, set };
}

describe('the side that stayed (acceptIceParams)', () => {
	it('applies its remote description with the new credentials as an offer and rolls it back at once', async () => {
		const { pc, set } = fakePeer({});
		const done = acceptIceParams(pc, params);
		// Both queued in the same turn: nothing can come between them on the operations chain.
		expect(set.map((d) => d.type)).toEqual(['offer', 'rollback']);
		await done;
		expect(iceParamsOf(set[0]!.sdp!)).toEqual(params);
	});

	it('does nothing while connected, mid-negotiation, or for the credentials it already has', async () => {
		for (const state of [
			{ iceConnectionState: 'connected' },
			{ signalingState: 'have-local-offer' },
			{ currentRemoteDescription: { type: 'answer', sdp: withIceParams(sdp, params) } }
		] as Partial<RTCPeerConnection>[]) {
			const { pc, set } = fakePeer(state);
			await acceptIceParams(pc, params);
			expect(set, JSON.stringify(state)).toEqual([]);
		}
	});

	it('only warns when the browser refuses: the restart offer still carries the same credentials', async () => {
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
		const { pc } = fakePeer({}, true);
		await expect(acceptIceParams(pc, params)).resolves.toBeUndefined();
		expect(warn).toHaveBeenCalled();
		warn.mockRestore();
	});
});

describe('what goes ahead of a description (sendCredentialsAhead)', () => {
	const restartOffer = { type: 'offer', sdp: withIceParams(sdp, params) } as const;
	const sent = (description: RTCSessionDescriptionInit, before: string | undefined) => {
		const messages: unknown[] = [];
		sendCredentialsAhead(description, before, (message, options) => messages.push([message, options]));
		return messages;
	};

	it('the credentials of an offer that restarts ICE, as text', () => {
		expect(sent(restartOffer, 'muHT')).toEqual([[{ t: 'ice-params', ...params }, { text: true }]]);
	});

	it('nothing for an offer that keeps the ufrag, an answer, or the first description', () => {
		expect(sent({ type: 'offer', sdp }, 'muHT')).toEqual([]);
		expect(sent({ type: 'answer', sdp: restartOffer.sdp }, 'muHT')).toEqual([]);
		expect(sent(restartOffer, undefined)).toEqual([]);
	});
});
