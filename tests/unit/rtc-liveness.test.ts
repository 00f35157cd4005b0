// The data-channel liveness watch (rtc/liveness.ts): while ICE is not connected, a channel that still answers
// keeps the call. Two watches are wired to each other as the two ends of one channel.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pingTimeoutMs, probeEveryMs, watchLink, type LinkWatch } from '../../src/lib/rtc/liveness';
import type { PeerMessage } from '../../src/lib/rtc/protocol';

const graceMs = 30_000;

/**
 * Ends `a` (observed) and `b` of one channel; messages cross only while `link.up`. Something (media) reaches
 * `a` while the link is up or `link.inbound` (one way only: a's pings leave unanswered).
 */
function channel() {
	const link = { up: true, open: true, inbound: false };
	const seen = { lost: 0, probes: [] as boolean[], sent: [] as PeerMessage[] };
	const ends: { a?: LinkWatch; b?: LinkWatch } = {};
	ends.a = watchLink({
		send: (message) => {
			seen.sent.push(message);
			if (link.up) ends.b?.handle(message);
		},
		channelOpen: () => link.open,
		arrived: () => Promise.resolve(link.up || link.inbound),
		onProbe: (alive) => seen.probes.push(alive),
		onLost: () => (seen.lost += 1)
	});
	ends.b = watchLink({
		send: (message) => link.up && ends.a?.handle(message),
		channelOpen: () => link.open,
		arrived: () => Promise.resolve(true),
		onProbe: () => {},
		onLost: () => {}
	});
	return { a: ends.a, link, seen };
}

describe('link liveness while ICE is not connected', () => {
	beforeEach(() => vi.useFakeTimers());
	afterEach(() => vi.useRealTimers());

	it('pings no dead link (nothing arrives) and ends the call when the grace period is over', async () => {
		const { a, link, seen } = channel();
		link.up = false;
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(graceMs - 1);
		expect(seen.lost).toBe(0);
		await vi.advanceTimersByTimeAsync(1);
		expect(seen.lost).toBe(1);
		expect(seen.sent).toEqual([]);
		expect(seen.probes.length).toBeGreaterThan(0);
		expect(seen.probes.every((alive) => !alive)).toBe(true);
	});

	it('where something still arrives, ends the call only when a last ping goes unanswered', async () => {
		const { a, link, seen } = channel();
		link.up = false;
		link.inbound = true;
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(graceMs);
		expect(seen.lost).toBe(0);
		await vi.advanceTimersByTimeAsync(pingTimeoutMs);
		expect(seen.lost).toBe(1);
		expect(seen.probes.length).toBeGreaterThan(0);
		expect(seen.probes.every((alive) => !alive)).toBe(true);
	});

	it('keeps the first deadline when the same outage starts the watch again (failed after disconnected)', async () => {
		const { a, link, seen } = channel();
		link.up = false;
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(graceMs / 2);
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(graceMs / 2 + pingTimeoutMs);
		expect(seen.lost).toBe(1);
	});

	it('keeps a call whose channel still answers, reports it alive, and keeps watching', async () => {
		const { a, seen } = channel();
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(probeEveryMs);
		expect(seen.probes).toEqual([true]);
		await vi.advanceTimersByTimeAsync(graceMs * 3);
		expect(seen.lost).toBe(0);
		expect(seen.probes.every((alive) => alive)).toBe(true);
	});

	it('reports the link dead again when the pongs stop, and alive when they return', async () => {
		const { a, link, seen } = channel();
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(probeEveryMs);
		link.up = false;
		// Nothing arrives: no ping goes out, the probe says dead at once.
		await vi.advanceTimersByTimeAsync(probeEveryMs);
		link.up = true;
		await vi.advanceTimersByTimeAsync(probeEveryMs);
		expect(seen.probes.slice(0, 3)).toEqual([true, false, true]);
	});

	it('reports alive when a newer ping was answered, even if an older one times out after it', async () => {
		const { a, link, seen } = channel();
		link.up = false;
		link.inbound = true;
		a.start(graceMs);
		// Pings at 2 s and 4 s go unanswered; the link returns at 4.5 s, before either has timed out.
		await vi.advanceTimersByTimeAsync(probeEveryMs * 2 + 500);
		link.up = true;
		// The 6 s ping is answered at once; the 4 s one times out at 7 s, after it.
		await vi.advanceTimersByTimeAsync(probeEveryMs + pingTimeoutMs);
		expect(seen.probes.slice(-2)).toEqual([true, true]);
		expect(seen.probes.slice(0, 1)).toEqual([false]);
	});

	it('stop() drops a grace ping still in flight (ICE came back meanwhile)', async () => {
		const { a, link, seen } = channel();
		link.up = false;
		link.inbound = true;
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(graceMs + 1);
		a.stop();
		await vi.advanceTimersByTimeAsync(pingTimeoutMs + probeEveryMs * 2);
		expect(seen.lost).toBe(0);
	});

	it('sends no ping before the channel is open, and still ends the call after the grace period', async () => {
		const { a, link, seen } = channel();
		link.open = false;
		a.start(graceMs);
		await vi.advanceTimersByTimeAsync(graceMs);
		expect(seen.sent).toEqual([]);
		expect(seen.lost).toBe(1);
	});

	it('answers a ping with a pong of the same id and leaves other messages to the caller', () => {
		const replies: PeerMessage[] = [];
		const end = watchLink({
			send: (message) => replies.push(message),
			channelOpen: () => true,
			arrived: () => Promise.resolve(true),
			onProbe: () => {},
			onLost: () => {}
		});
		expect(end.handle({ t: 'ping', id: 41 })).toBe(true);
		expect(replies).toEqual([{ t: 'pong', id: 41 }]);
		expect(end.handle({ t: 'bye' })).toBe(false);
	});
});
