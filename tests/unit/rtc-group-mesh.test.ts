// The group over a simulated network (issue 17 §6): real Group/Member code, stand-in peers (./group-sim).
// Introductions build a full mesh, rosters converge whatever the order of the adds and the latencies, and
// members leaving in the middle of an introduction leave nothing half-open behind.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { joinDeadlineMs } from '$lib/rtc/group/introductions';
import { createRelay } from '$lib/rtc/group/relay';
import { maxMembers } from '$lib/rtc/group/roster';
import type { Member } from '$lib/rtc/member.svelte';
import { Net, Person, type FakePeer } from './group-sim';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

/** Lets every message and timer of the simulation run for `ms` of simulated time. */
const settle = (ms = 2_000) => vi.advanceTimersByTimeAsync(ms);

function people(net: Net, n: number): Person[] {
	return Array.from({ length: n }, () => new Person(net));
}

/** Runs the simulation until the pair x–y is being set up (a member for it exists) but is not up yet. */
async function untilOpening(x: Person, y: Person): Promise<void> {
	const pair = (me: Person, other: Person) => me.group.live.find((member) => member.id === other.id);
	for (let t = 0; t < 2_000; t += 5) {
		const states = [pair(x, y), pair(y, x)].map((member) => member?.peerState);
		if (states.includes('connected')) break;
		if (states.some((state) => state !== undefined)) return;
		await settle(5);
	}
	throw new Error('the pair was never caught opening');
}

/** Everyone is connected with everyone else, and every roster lists exactly the people in the call. */
function expectFullMesh(everyone: Person[]): void {
	const ids = everyone.map((p) => p.id).sort();
	for (const person of everyone) {
		expect(person.connected, `connections of ${person.id}`).toEqual(ids.filter((id) => id !== person.id));
		expect(person.roster, `roster of ${person.id}`).toEqual(ids);
		// Nothing half-open is left: every member object is a connected pair.
		expect(person.group.live.length).toBe(everyone.length - 1);
	}
}

/** A calls B, A adds C through the UI's flow: C is introduced to B, and the three are fully meshed. */
async function meshOfThree(net = new Net()): Promise<[Person, Person, Person]> {
	const [a, b, c] = people(net, 3) as [Person, Person, Person];
	await a.add(b);
	await settle();
	await a.add(c);
	await settle();
	expectFullMesh([a, b, c]);
	return [a, b, c];
}

describe('introductions over the mesh', () => {
	it('A calls B, A adds C: C is introduced to B and the three are fully meshed', async () => {
		await meshOfThree();
	});

	it('the introducer need not be the first caller: B adds D while A adds nobody', async () => {
		const net = new Net();
		const [a, b, c, d] = people(net, 4) as [Person, Person, Person, Person];
		await a.add(b);
		await settle();
		await a.add(c);
		await settle();
		await b.add(d);
		await settle();
		expectFullMesh([a, b, c, d]);
	});

	it('the answering side makes its pair as it learns of the other, and the relayed offer takes that pair', async () => {
		const net = new Net({ latency: () => 50 });
		const [a, b, c] = people(net, 3) as [Person, Person, Person];
		await a.add(b);
		await settle();
		// Without offers made ahead (an older introducer): of B and C, the higher id answers (roster.ts offers).
		await a.add(c, { ahead: false });
		const [offerer, answerer] = b.id < c.id ? [b, c] : [c, b];
		for (let t = 0; t < 2_000 && !answerer.roster.includes(offerer.id); t += 5) await settle(5);
		const made = answerer.group.live.find((member) => member.id === offerer.id);
		// Made before any offer could arrive: the offerer's offer is still two hops away.
		expect(made?.peerState).toBe('new');
		expect(made?.peer.getDescriptions().remote).toBeNull();
		await settle();
		expectFullMesh([a, b, c]);
		expect(answerer.group.live.find((member) => member.id === offerer.id)).toBe(made);
		expect(answerer.closes).toEqual([]);
	});

	it('two members adding a newcomer each at the same moment end fully meshed with equal rosters', async () => {
		const net = new Net();
		const [a, b, c, d] = people(net, 4) as [Person, Person, Person, Person];
		await a.add(b);
		await settle();
		await Promise.all([a.add(c), b.add(d)]);
		await settle();
		expectFullMesh([a, b, c, d]);
	});

	it('converges to a full mesh for any order of adds by any member and any latencies, up to six', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.nat(), { minLength: 1, maxLength: maxMembers - 1 }),
				fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 50 }),
				fc.boolean(),
				async (adders, delays, together) => {
					let i = 0;
					const net = new Net({ latency: () => delays[i++ % delays.length]! });
					const everyone = [new Person(net)];
					const adds: Promise<void>[] = [];
					for (const pick of adders) {
						// Only someone in the call can add (the UI offers "Add someone" in a call only).
						const inCall = everyone.filter((p, i) => i === 0 || p.connected.length > 0);
						const adder = inCall[pick % inCall.length]!;
						const newcomer = new Person(net);
						everyone.push(newcomer);
						adds.push(adder.add(newcomer));
						// Either one add after the other settles, or all of them at once.
						if (!together) await settle();
					}
					await Promise.all(adds);
					await settle(10_000);
					expectFullMesh(everyone);
				}
			),
			{ numRuns: 30 }
		);
	}, 120_000);
});

describe('limits', () => {
	it(`a seventh is told the call is full by its introducer, which says so too; the ${maxMembers} stay meshed`, async () => {
		const net = new Net();
		const everyone = people(net, maxMembers);
		for (const newcomer of everyone.slice(1)) {
			await everyone[0]!.add(newcomer);
			await settle();
		}
		const seventh = new Person(net);
		await everyone[1]!.add(seventh);
		await settle();
		expect(seventh.closes).toEqual(['full']);
		expect(seventh.group.live).toEqual([]);
		expect(everyone[1]!.notices).toEqual([expect.stringMatching(/ could not join: the call is full\.$/)]);
		expectFullMesh(everyone);
	});
});

describe('leaving', () => {
	it("one who hangs up stays gone, though gossip brings its own 'left' back to it before its pairs close", async () => {
		// B's hang-up reaches C late, through A's gossip first; C passes it on to B before it hangs up on B, and
		// B's pairs are still open: a bye's flush (the sim's latency without ends, as peer.ts's 250 ms) is longer
		// than a hop.
		const slow = { from: '', to: '' };
		const latency = (from?: string, to?: string) => {
			if (from === undefined) return 100;
			return from === slow.from && to === slow.to ? 400 : 5;
		};
		const net = new Net({ latency });
		const [a, b, c] = await meshOfThree(net);
		[slow.from, slow.to] = [b.id, c.id];
		const bPeers = net.peers.filter(({ owner }) => owner() === b.id).map(({ peer }) => peer);
		const before = bPeers.map((peer) => peer.sent.length);
		b.group.leave();
		await settle(5_000);
		// Nothing B sent after its hang-up says it is here ("someone lost us": an announce).
		const after = bPeers.flatMap((peer, i) => peer.sent.slice(before[i]));
		const ownEntries = after.flatMap((m) => (m.t === 'roster' ? m.members : [])).filter((e) => e.id === b.id);
		expect(ownEntries.map((e) => e.left)).toEqual([true, true]);
		expectFullMesh([a, c]);
		expect(b.group.live).toEqual([]);
	});
});

describe('leaving mid-introduction', () => {
	it('a member who leaves while a newcomer is being introduced to it leaves no half-open pair', async () => {
		const net = new Net({ latency: () => 50 });
		const [a, b, c] = people(net, 3) as [Person, Person, Person];
		await a.add(b);
		await settle();
		await a.add(c);
		await untilOpening(b, c);
		b.group.leave();
		await settle();
		expectFullMesh([a, c]);
		expect(b.group.live).toEqual([]);
	});

	it('a newcomer who leaves mid-introduction is forgotten by everyone', async () => {
		const net = new Net({ latency: () => 50 });
		const [a, b, c] = people(net, 3) as [Person, Person, Person];
		await a.add(b);
		await settle();
		await a.add(c);
		await untilOpening(b, c);
		c.group.leave();
		await settle();
		expectFullMesh([a, b]);
	});

	it('the introducer leaving mid-introduction: the two it was introducing say they could not connect', async () => {
		const net = new Net({ latency: () => 50 });
		const [a, b, c] = people(net, 3) as [Person, Person, Person];
		await a.add(b);
		await settle();
		await a.add(c);
		// The relayed offer/answer between B and C has not gone both ways when A leaves.
		await untilOpening(b, c);
		a.group.leave();
		await settle(joinDeadlineMs + 1_000);
		for (const [me, other] of [
			[b, c],
			[c, b]
		] as const)
			expect(me.group.members.find((member) => member.id === other.id)?.closeReason ?? 'none').toBe(
				'unreachable'
			);
	});

	it('a pair whose direct path is blocked is shown as unreachable after the join deadline, the rest meshed', async () => {
		const net = new Net();
		const [a, b, c] = people(net, 3) as [Person, Person, Person];
		await a.add(b);
		await settle();
		net.blocked.add([b.id, c.id].sort().join('-'));
		await a.add(c);
		await settle(joinDeadlineMs + 1_000);
		expect(a.connected).toEqual([b.id, c.id].sort());
		expect(b.connected).toEqual([a.id]);
		expect(c.connected).toEqual([a.id]);
		for (const [me, other] of [
			[b, c],
			[c, b]
		] as const)
			expect(me.group.members.find((member) => member.id === other.id)?.closeReason).toBe('unreachable');
	});
});

describe('a pair that connected and went down', () => {
	it('is not given up at the join deadline: it was introduced, its restart may still bring it back', async () => {
		const [, b, c] = await meshOfThree();
		const pair = (me: Person, other: Person) => me.group.live.find((member) => member.id === other.id);
		// The B–C link goes down well within its join deadline, and stays down past it.
		for (const [me, other] of [
			[b, c],
			[c, b]
		] as const)
			(pair(me, other)?.peer as FakePeer).report('reconnecting');
		await settle(joinDeadlineMs + 1_000);
		for (const [me, other] of [
			[b, c],
			[c, b]
		] as const) {
			expect(pair(me, other)?.closed).toBe(false);
			expect(pair(me, other)?.peerState).toBe('reconnecting');
		}
	});
});

describe('relay', () => {
	const idOf = (n: number) => n.toString(16).padStart(16, '0');
	const fakeMember = (n: number) => {
		const sent: unknown[] = [];
		const member = { id: idOf(n), version: 1, peer: { send: (message: unknown) => sent.push(message) } };
		return { member: member as unknown as Member, sent };
	};

	it('holds a description for a member not known yet and forwards it once that member has a pair', async () => {
		const from = fakeMember(1);
		const members = [from.member];
		const relay = createRelay({ myId: () => idOf(2), members: () => members, onJoin: async () => undefined });
		const message = {
			t: 'relay' as const,
			id: 'r1',
			from: idOf(1),
			to: idOf(3),
			kind: 'join' as const,
			description: { type: 'offer' as const, sdp: 'v=0' }
		};
		await relay.receive(from.member, message);
		const to = fakeMember(3);
		relay.flush();
		expect(to.sent).toEqual([]);
		members.push(to.member);
		relay.flush();
		expect(to.sent).toEqual([message]);
		relay.flush();
		expect(to.sent).toHaveLength(1);
		// Only the member a relay comes from may ask for it to be forwarded: nobody speaks for another.
		await relay.receive(to.member, { ...message, id: 'r2', to: idOf(1) });
		expect(from.sent).toEqual([]);
	});
});

describe('names', () => {
	it('a new name is taken from its owner even when gossip through another member brought it first', async () => {
		let slowFrom = '';
		let slowTo = '';
		const net = new Net({ latency: (from, to) => (from === slowFrom && to === slowTo ? 300 : 5) });
		const [a, b, c] = people(net, 3) as [Person, Person, Person];
		await a.add(b);
		await settle();
		await a.add(c);
		await settle();
		expectFullMesh([a, b, c]);
		// C's own message to B is slow; C → A → B (gossip) arrives first.
		[slowFrom, slowTo] = [c.id, b.id];
		c.group.setName('Carol');
		await settle();
		const seenBy = (p: Person) => p.group.live.find((member) => member.id === c.id)?.name;
		expect(seenBy(a)).toBe('Carol');
		expect(seenBy(b)).toBe('Carol');
	});
});
