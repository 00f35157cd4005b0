// Offers made ahead (peer protocol 8, rtc/group/premade): while the newcomer's code is on screen, every other
// member makes its offer to the newcomer and sends it to the introducer, who hands them all to the newcomer
// right behind its hello. Real Group/Member code over the simulated network (./group-sim); the browsers' side
// is tests/e2e/group*.spec.ts and bench:group.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseMessage, type PeerMessage } from '$lib/rtc/protocol';
import { Net, Person, type FakePeer } from './group-sim';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

const settle = (ms = 2_000) => vi.advanceTimersByTimeAsync(ms);

/** `me`'s peer for its pair with `other`. */
const peerOf = (me: Person, other: Person) =>
	me.group.live.find((who) => who.id === other.id)?.peer as unknown as FakePeer | undefined;

/** The peers `person` made that are still open. */
const openPeers = (net: Net, person: Person) =>
	net.peers.filter(({ peer, owner }) => owner() === person.id && !peer.closed).map(({ peer }) => peer);

/** Everyone is connected with everyone else, and nothing else is open. */
function expectFullMesh(net: Net, everyone: Person[]): void {
	const ids = everyone.map((p) => p.id).sort();
	for (const person of everyone) {
		expect(person.connected, `connections of ${person.id}`).toEqual(ids.filter((id) => id !== person.id));
		expect(openPeers(net, person).length, `open peers of ${person.id}`).toBe(everyone.length - 1);
	}
}

const premades = (sent: PeerMessage[]) => sent.filter((message) => message.t === 'premade');

/** The first calls the second, then adds each of the others, each step settled. */
async function addedByFirst([first, ...others]: [Person, ...Person[]]): Promise<void> {
	for (const other of others) {
		await first.add(other);
		await settle();
	}
}

describe('offers made ahead', () => {
	it('B makes its offer while C’s code is shown; A hands it to C, who answers it whoever’s id is lower', async () => {
		// Ids are random: over several calls both orders of B's and C's ids occur.
		const orders = new Set<boolean>();
		for (let i = 0; i < 12; i++) {
			const net = new Net();
			const [a, b, c] = [new Person(net), new Person(net), new Person(net)];
			await addedByFirst([a, b, c]);
			expectFullMesh(net, [a, b, c]);
			orders.add(b.id < c.id);
			// B offered (its pair with C is the caller's), C answered; B relayed no join offer of its own.
			expect(peerOf(b, c)?.role).toBe('caller');
			expect(peerOf(c, b)?.role).toBe('joiner');
			const fromB = peerOf(b, a)?.sent ?? [];
			expect(premades(fromB)).toEqual([
				{ t: 'premade', id: expect.any(String), description: { type: 'offer', sdp: peerOf(b, c)?.token } }
			]);
			expect(fromB.filter((message) => message.t === 'relay' && 'description' in message)).toEqual([]);
			// A handed it to C as a relayed join, as text, before the roster that lists B.
			const toC = peerOf(a, c);
			const handed = toC?.sent.findIndex((message) => message.t === 'relay') ?? -1;
			const roster = toC?.sent.findIndex((m) => m.t === 'roster' && m.members.some((e) => e.id === b.id));
			expect(toC?.sent[handed]).toMatchObject({
				from: b.id,
				to: c.id,
				kind: 'join',
				premade: expect.any(String)
			});
			expect(toC?.frames[handed]).toEqual({ text: true });
			expect(handed).toBeLessThan(roster ?? -1);
		}
		expect(orders).toEqual(new Set([true, false]));
	});

	it('its maker learns whom it went to before A gossips the newcomer to it', async () => {
		const net = new Net();
		const [a, b, c] = [new Person(net), new Person(net), new Person(net)];
		await addedByFirst([a, b, c]);
		const toB = peerOf(a, b)?.sent ?? [];
		const told = toB.findIndex((m) => m.t === 'premade' && 'to' in m && m.to === c.id);
		const gossip = toB.findIndex((m) => m.t === 'roster' && m.members.some((e) => e.id === c.id));
		expect(told).toBeGreaterThanOrEqual(0);
		expect(told).toBeLessThan(gossip);
	});

	it('a code that is cancelled closes the offers made for it', async () => {
		const net = new Net();
		const [a, b, d] = [new Person(net), new Person(net), new Person(net)];
		await addedByFirst([a, b, d]);
		const shown = a.showCode();
		await settle();
		expect(openPeers(net, b).length).toBe(3);
		expect(openPeers(net, d).length).toBe(3);
		// What "Cancel" does (rtc/adding Adding.cancel).
		shown.peer.destroy('replaced');
		a.group.remove(shown);
		await settle();
		expectFullMesh(net, [a, b, d]);
	});

	it('an older newcomer (version 6) gets none: its makers close them, and the id rule meshes it', async () => {
		const net = new Net();
		const [a, b, c] = [new Person(net), new Person(net), new Person(net)];
		net.version6.add(c.id);
		await addedByFirst([a, b, c]);
		expectFullMesh(net, [a, b, c]);
		expect(premades(peerOf(a, b)?.sent ?? []).at(-1)).toEqual({
			t: 'premade',
			id: expect.any(String),
			to: null
		});
		expect(peerOf(a, c)?.sent.filter((m) => m.t === 'relay' && 'premade' in m)).toEqual([]);
	});

	it('the newcomer names a maker from the roster that came after its offer, also when their pair never connects', async () => {
		const net = new Net();
		const [a, b, c] = [new Person(net), new Person(net), new Person(net)];
		await a.add(b);
		await settle();
		b.group.setName('Bob');
		await settle();
		net.blocked.add([b.id, c.id].sort().join('-'));
		await a.add(c);
		await settle();
		const bob = c.group.members.find((who) => who.id === b.id);
		expect(bob?.peerState).not.toBe('connected');
		expect(bob?.displayName).toBe('Bob');
	});

	it('a maker that hears of the newcomer through another member first still ends with the pair made ahead', async () => {
		const closes: string[] = [];
		for (let i = 0; i < 12; i++) {
			let slow = false;
			const ids = { a: '', b: '', c: '', d: '' };
			// Once the offers are made, A → B is slow: B hears of C through D before A says C took its offer. C ↔ D
			// is slower still: C's answer to a fresh offer of B reaches B through A only, behind A's word.
			const net = new Net({
				latency: (from, to) => {
					if (!slow) return 5;
					if (from === ids.a && to === ids.b) return 300;
					return [from, to].sort().join() === [ids.c, ids.d].sort().join() ? 1_000 : 5;
				}
			});
			const [a, b, c, d] = [new Person(net), new Person(net), new Person(net), new Person(net)];
			Object.assign(ids, { a: a.id, b: b.id, c: c.id, d: d.id });
			await addedByFirst([a, b, d]);
			const shown = a.showCode();
			await settle();
			slow = true;
			await a.answered(c, shown);
			await settle(5_000);
			expectFullMesh(net, [a, b, c, d]);
			expect(peerOf(b, c)?.role).toBe('caller');
			closes.push(...b.closes, ...c.closes);
		}
		// Only pairs that the one made ahead replaced were closed: nobody was shown as unreachable.
		expect(closes.filter((reason) => reason !== 'replaced')).toEqual([]);
	});
});

describe('the premade messages on the wire', () => {
	const id = '0123456789abcdef';
	const other = 'fedcba9876543210';

	it('round-trip: ask, offer, taken by someone, taken by nobody, and the relayed join that carries one', () => {
		for (const message of [
			{ t: 'premade', id },
			{ t: 'premade', id, description: { type: 'offer', sdp: 'v=0\r\n' } },
			{ t: 'premade', id, to: other },
			{ t: 'premade', id, to: null },
			{
				t: 'relay',
				id: 'r1',
				from: other,
				to: id,
				kind: 'join',
				description: { type: 'answer', sdp: 'v=0' },
				premade: id
			}
		])
			expect(parseMessage(JSON.stringify(message))).toEqual(message);
	});

	it('drop anything malformed, and a premade field that is no invitation id', () => {
		for (const message of [
			{ t: 'premade' },
			{ t: 'premade', id: 'nope' },
			{ t: 'premade', id, description: { type: 'answer', sdp: 'v=0' } },
			{ t: 'premade', id, description: { type: 'offer' } },
			{ t: 'premade', id, to: 'nope' },
			{ t: 'premade', id, to: 7 }
		])
			expect(parseMessage(JSON.stringify(message))).toBeNull();
		const join = {
			t: 'relay',
			id: 'r1',
			from: other,
			to: id,
			kind: 'join',
			description: { type: 'offer', sdp: 'v=0' }
		};
		expect(parseMessage(JSON.stringify({ ...join, premade: 'x' }))).toEqual(join);
		const restart = { ...join, kind: 'restart' };
		expect(parseMessage(JSON.stringify({ ...restart, premade: id }))).toEqual(restart);
	});
});
