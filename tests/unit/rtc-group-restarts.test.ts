// Relayed ICE restarts in a group (issue 17, Leaving): which members carry a pair's restart, what happens when
// none can or one leaves mid-restart, and that a relayed restart with another DTLS fingerprint is refused.
// Real relay and routing code (rtc/group/relay, rtc/group/restarts) with stand-in members; the browsers'
// side is tests/e2e/netns-group.spec.ts.
import { describe, expect, it, vi } from 'vitest';
import { createRelay, type Relay } from '$lib/rtc/group/relay';
import { createRestartRoutes, refusal } from '$lib/rtc/group/restarts';
import type { Member } from '$lib/rtc/member.svelte';
import type { PeerState, RelayedDescription } from '$lib/rtc/peer-types';

const idOf = (n: number) => n.toString(16).padStart(16, '0');
const sdpWith = (fingerprint: string, ufrag = 'u1') =>
	`v=0\r\na=ice-ufrag:${ufrag}\r\na=fingerprint:sha-256 ${fingerprint}\r\n`;
const fingerprint = (sdp: string) => /^a=fingerprint:\S+ (\S+)/m.exec(sdp)?.[1] ?? null;

interface StandIn {
	member: Member;
	sent: unknown[];
	accepted: RelayedDescription[];
}

/** A member as the relay sees it: id, state, a channel that records, the pair's remote description. */
function standIn(n: number, peerState: PeerState, remote = sdpWith('AA'), version = 5): StandIn {
	const sent: unknown[] = [];
	const accepted: RelayedDescription[] = [];
	const peer = {
		send: (message: unknown) => sent.push(message),
		getDescriptions: () => ({ local: null, remote }),
		acceptRelayedRestart: async (description: RelayedDescription) => {
			accepted.push(description);
			return description.type === 'offer' ? { type: 'answer' as const, sdp: sdpWith('BB', 'u2') } : null;
		}
	};
	return { member: { id: idOf(n), version, peerState, peer } as unknown as Member, sent, accepted };
}

/** One person's relay and restart routes over the given members (mutable: members leave). */
function person(me: number, members: StandIn[]) {
	const live = () => members.map((s) => s.member);
	const routes = createRestartRoutes({ members: live, relay: () => relay, fingerprint });
	const relay: Relay = createRelay({
		myId: () => idOf(me),
		members: live,
		onJoin: async () => undefined,
		onRestart: (from, description) => routes.receive(from, description)
	});
	return { relay, routes };
}

const offer: RelayedDescription = { type: 'offer', sdp: sdpWith('AA') };

describe('relayed ICE restart: routing', () => {
	it('goes through every member connected to both ends, never the pair itself or a member not connected', () => {
		// Us (1) with C (3), whose link is down; A (2) and D (4) are connected, E (5) is reconnecting.
		const c = standIn(3, 'reconnecting');
		const a = standIn(2, 'connected');
		const d = standIn(4, 'connected');
		const e = standIn(5, 'reconnecting');
		const { routes } = person(1, [c, a, d, e]);
		expect(routes.send(c.member, offer)).toBe(true);
		expect(a.sent).toEqual([
			expect.objectContaining({ t: 'relay', kind: 'restart', from: idOf(1), to: idOf(3) })
		]);
		expect(d.sent).toEqual(a.sent);
		expect(c.sent).toEqual([]);
		expect(e.sent).toEqual([]);
	});

	it('says so when no member can carry it (the pair then waits for its own link)', () => {
		const c = standIn(3, 'reconnecting');
		const b = standIn(2, 'connecting');
		const { routes } = person(1, [c, b]);
		expect(routes.send(c.member, offer)).toBe(false);
		expect(c.sent).toEqual([]);
		expect(b.sent).toEqual([]);
	});

	it('never for a pair whose other end predates relayed restarts (protocol version 4 ignores them)', () => {
		const old = standIn(3, 'reconnecting', sdpWith('AA'), 4);
		const a = standIn(2, 'connected');
		const { routes } = person(1, [old, a]);
		expect(routes.send(old.member, offer)).toBe(false);
		expect(a.sent).toEqual([]);
	});

	it('a forwarding member passes a restart on only over a connected pair with its target, and holds none', async () => {
		const from = standIn(1, 'connected');
		const to = standIn(3, 'reconnecting');
		const { relay } = person(2, [from, to]);
		const message = {
			t: 'relay' as const,
			id: 'r1',
			from: idOf(1),
			to: idOf(3),
			kind: 'restart' as const,
			description: offer
		};
		await relay.receive(from.member, message);
		expect(to.sent).toEqual([]);
		(to.member as { peerState: PeerState }).peerState = 'connected';
		relay.flush();
		expect(to.sent).toEqual([]); // not held for later: the restarting side makes a fresh offer instead
		const marks = performance.getEntriesByName('qrcall:restart-forwarded').length;
		await relay.receive(from.member, { ...message, id: 'r2' });
		expect(to.sent).toEqual([{ ...message, id: 'r2' }]);
		expect(performance.getEntriesByName('qrcall:restart-forwarded')).toHaveLength(marks + 1);
		// Only from the member it comes from: nobody asks for a restart in another's name.
		await relay.receive(to.member, { ...message, id: 'r3', from: idOf(1), to: idOf(3) });
		expect(to.sent).toHaveLength(1);
	});

	it('a member that leaves mid-restart: the fresh offer goes through those still there, or none', () => {
		const c = standIn(3, 'reconnecting');
		const a = standIn(2, 'connected');
		const d = standIn(4, 'connected');
		const members = [c, a, d];
		const { routes } = person(1, members);
		expect(routes.send(c.member, offer)).toBe(true);
		members.splice(members.indexOf(a), 1); // A hangs up before forwarding
		expect(routes.send(c.member, { ...offer, sdp: sdpWith('AA', 'u3') })).toBe(true);
		expect(a.sent).toHaveLength(1);
		expect(d.sent).toHaveLength(2);
		members.splice(members.indexOf(d), 1);
		expect(routes.send(c.member, offer)).toBe(false);
	});
});

describe('relayed ICE restart: each end', () => {
	const relayed = (description: RelayedDescription, id = 'r1') => ({
		t: 'relay' as const,
		id,
		from: idOf(3),
		to: idOf(1),
		kind: 'restart' as const,
		description
	});

	it('applies a relayed offer with the pair’s fingerprint and relays the answer back through the members', async () => {
		const c = standIn(3, 'reconnecting');
		const a = standIn(2, 'connected');
		const { relay } = person(1, [c, a]);
		// C's offer, forwarded to us by A.
		await relay.receive(a.member, relayed(offer));
		expect(c.accepted).toEqual([offer]);
		expect(a.sent).toEqual([
			expect.objectContaining({
				kind: 'restart',
				from: idOf(1),
				to: idOf(3),
				description: { type: 'answer', sdp: sdpWith('BB', 'u2') }
			})
		]);
		// A copy of the same relay through another member is dropped.
		await relay.receive(a.member, relayed(offer));
		expect(c.accepted).toHaveLength(1);
	});

	it('refuses a relayed restart whose DTLS fingerprint differs from the pair’s (a relay in the middle)', async () => {
		const c = standIn(3, 'reconnecting', sdpWith('AA'));
		const a = standIn(2, 'connected');
		const { relay } = person(1, [c, a]);
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		const swapped = { type: 'offer' as const, sdp: sdpWith('EE') };
		await relay.receive(a.member, relayed(swapped));
		await relay.receive(a.member, relayed({ type: 'answer', sdp: `v=0\r\na=ice-ufrag:u9\r\n` }, 'r2'));
		expect(c.accepted).toEqual([]);
		expect(a.sent).toEqual([]);
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('fingerprint'));
		warn.mockRestore();
		expect(refusal(c.member, swapped, fingerprint)).toMatch(/fingerprint/);
		expect(refusal(c.member, offer, fingerprint)).toBeNull();
	});

	it('ignores a relayed restart from someone it has no pair with (the sender left meanwhile)', async () => {
		const a = standIn(2, 'connected');
		const { relay } = person(1, [a]);
		const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
		await relay.receive(a.member, relayed(offer));
		expect(a.sent).toEqual([]);
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('no pair'));
		warn.mockRestore();
	});
});
