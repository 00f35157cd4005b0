// A call the network outlasted (rtc/outlasted.ts, rtc/connection-policy.ts): when the other side's browser
// has given the call up (Firefox's 30 s consent expiry), this side ends it at once and says why, instead of
// waiting out its own 70 s grace period. And a call back from an outage says so once (onBack: key frames). The connection policy runs against a stand-in for the few
// RTCPeerConnection members it uses; the real browsers' behaviour is the @netns outage ladder's.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnectionPolicy, disconnectedGraceMs } from '../../src/lib/rtc/connection-policy';
import { pingTimeoutMs, probeEveryMs } from '../../src/lib/rtc/liveness';
import { browserOf, ownTransportFailed, peerGaveUp, type BrowserName } from '../../src/lib/rtc/outlasted';
import { parseMessage } from '../../src/lib/rtc/protocol';

const userAgents: [string, BrowserName][] = [
	[
		'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
		'chromium'
	],
	['Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0', 'firefox'],
	['Mozilla/5.0 (Android 15; Mobile; rv:153.0) Gecko/153.0 Firefox/153.0', 'firefox'],
	[
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1',
		'safari'
	],
	[
		'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/140.0 Mobile/15E148 Safari/604.1',
		'chromium'
	],
	['curl/8.0', 'other']
];

describe('browserOf', () => {
	it.each(userAgents)('%s is %s', (userAgent, name) => expect(browserOf(userAgent)).toBe(name));
});

describe('when the other side has given the call up', () => {
	it('a Firefox peer, measured at 28.5 s into an outage: not at 30 s of silence, yes at 33 s', () => {
		expect(peerGaveUp(30_000, 'firefox')).toBe(false);
		expect(peerGaveUp(33_000, 'firefox')).toBe(true);
	});

	it('never for a browser that keeps a failed call (Chromium), nor for a peer that did not say', () => {
		expect(peerGaveUp(600_000, 'chromium')).toBe(false);
		expect(peerGaveUp(600_000, undefined)).toBe(false);
	});

	it("this side's own DTLS failure names the expiry only on a browser that has one", () => {
		expect(ownTransportFailed('firefox')).toBe('expired');
		expect(ownTransportFailed('chromium')).toBe('lost');
	});
});

describe('hello says the browser (protocol version 3)', () => {
	const hello = (extra: object) =>
		parseMessage(JSON.stringify({ t: 'hello', v: 3, id: '0123456789abcdef', name: 'A', ...extra }));
	it('keeps a browser it knows and drops one it does not', () => {
		expect(hello({ browser: 'firefox' })).toEqual({
			t: 'hello',
			v: 3,
			id: '0123456789abcdef',
			name: 'A',
			browser: 'firefox'
		});
		expect(hello({ browser: 'netscape' })).not.toHaveProperty('browser');
		expect(hello({})).not.toHaveProperty('browser');
	});
});

/** What createConnectionPolicy reads: the state and its event, and the counters of getStats. */
class StandInConnection {
	connectionState: RTCPeerConnectionState = 'new';
	onconnectionstatechange: (() => void) | null = null;
	/** RTP packets received so far. */
	packets = 0;
	getStats() {
		return Promise.resolve(new Map([['in', { type: 'inbound-rtp', packetsReceived: this.packets }]]));
	}
	set(state: RTCPeerConnectionState) {
		this.connectionState = state;
		this.onconnectionstatechange?.();
	}
}

const policies: ReturnType<typeof createConnectionPolicy>[] = [];

/** A policy on a stand-in connection; `link.answers`: the other side answers pings (the channel works). */
function setup(peer: BrowserName | undefined) {
	const pc = new StandInConnection();
	const ended: string[] = [];
	const link = { answers: false, backs: 0 };
	const policy = createConnectionPolicy(pc as unknown as RTCPeerConnection, {
		send: (message) => {
			if (message.t === 'ping' && link.answers)
				queueMicrotask(() => policy.link.handle({ t: 'pong', id: message.id }));
		},
		channelOpen: () => true,
		onState: () => {},
		onConnected: () => {},
		onBack: () => (link.backs += 1),
		onFailed: () => {},
		onDown: () => {},
		peerGaveUp: (silentMs) => peerGaveUp(silentMs, peer),
		// As rtc/peer.ts's close does: the call is over, nothing watches it any more.
		onLost: (why) => {
			ended.push(why);
			policy.stop();
		}
	});
	policies.push(policy);
	return { pc, ended, link };
}

describe('back from an outage (each side then sends a key frame and asks for one)', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => {
		for (const policy of policies.splice(0)) policy.stop();
		vi.useRealTimers();
	});

	it('says so once when ICE comes back, and not at the first connection', () => {
		const { pc, link } = setup('chromium');
		pc.set('connected');
		expect(link.backs).toBe(0);
		pc.set('disconnected');
		pc.set('failed');
		pc.set('connected');
		expect(link.backs).toBe(1);
	});

	it("says so once the channel answers while ICE is still down (a Firefox sender's ICE comes back later)", async () => {
		const { pc, link } = setup('firefox');
		pc.set('connected');
		pc.set('disconnected');
		await vi.advanceTimersByTimeAsync(probeEveryMs);
		expect(link.backs).toBe(0);
		// The link returns: packets arrive and pings are answered before ICE says 'connected'.
		pc.packets += 100;
		link.answers = true;
		await vi.advanceTimersByTimeAsync(probeEveryMs);
		expect(link.backs).toBe(1);
		pc.set('connected');
		expect(link.backs).toBe(1);
	});
});

describe('a call whose other side stopped answering', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => {
		for (const policy of policies.splice(0)) policy.stop();
		vi.useRealTimers();
	});

	it("ends as 'expired' once a Firefox peer's consent expiry has passed in silence, not before", async () => {
		const { pc, ended } = setup('firefox');
		pc.set('connected');
		pc.packets = 500;
		pc.set('disconnected');
		await vi.advanceTimersByTimeAsync(30_000);
		expect(ended).toEqual([]);
		await vi.advanceTimersByTimeAsync(6_000);
		expect(ended).toEqual(['expired']);
	});

	it("counts the silence from the outage's start, not from the last packet while connected", async () => {
		const { pc, ended } = setup('firefox');
		pc.set('connected');
		// A short outage first (its probes read the counters), then nothing arrives for a minute while connected
		// (no camera, no microphone, no chat), then the link drops again.
		pc.set('disconnected');
		await vi.advanceTimersByTimeAsync(5_000);
		pc.set('connected');
		await vi.advanceTimersByTimeAsync(60_000);
		pc.set('disconnected');
		await vi.advanceTimersByTimeAsync(30_000);
		expect(ended).toEqual([]);
	});

	it('keeps a Firefox call whose packets still arrive while ICE is down', async () => {
		const { pc, ended } = setup('firefox');
		pc.set('connected');
		pc.set('disconnected');
		const arriving = setInterval(() => (pc.packets += 10), 1_000);
		await vi.advanceTimersByTimeAsync(40_000);
		clearInterval(arriving);
		expect(ended).toEqual([]);
	});

	it("ends a Chromium peer's call only at the grace period, as 'grace'", async () => {
		const { pc, ended } = setup('chromium');
		pc.set('connected');
		pc.set('disconnected');
		await vi.advanceTimersByTimeAsync(disconnectedGraceMs - 1_000);
		expect(ended).toEqual([]);
		await vi.advanceTimersByTimeAsync(1_000 + pingTimeoutMs);
		expect(ended).toEqual(['grace']);
	});
});
