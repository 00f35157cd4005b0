// Joins of protocol version 6 (issue 17, bench:group): a relayed join carries audio/video when the roster
// says the other end takes it, so the pair needs no stage two; members of version 5 keep today's two stages;
// and a member's own roster entry goes right behind its hello, so its introducer can gossip it a hop earlier.
// Real Group/Member code over the simulated network (./group-sim); the browsers' side is tests/e2e/group*.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { merge, emptyRoster, type RosterEntry } from '$lib/rtc/group/roster';
import { parseGroupMessage } from '$lib/rtc/group/wire';
import { Net, Person, type FakePeer } from './group-sim';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

const settle = (ms = 2_000) => vi.advanceTimersByTimeAsync(ms);
const id = (n: number) => n.toString(16).padStart(16, '0');
const entry = (more: Partial<RosterEntry> = {}): RosterEntry => ({
	id: id(1),
	name: 'P1',
	mic: true,
	camera: true,
	v: 1,
	left: false,
	...more
});

/** The peer of `me`'s pair with `other` that made the offer (the lower id's side), or undefined. */
function offerer(me: Person, other: Person): FakePeer | undefined {
	for (const [x, y] of [
		[me, other],
		[other, me]
	] as const) {
		const member = x.group.live.find((who) => who.id === y.id && who.peer.role === 'caller');
		if (member) return member.peer as unknown as FakePeer;
	}
	return undefined;
}

/** A calls B, A adds C: the B–C pair is the one introduced through A. */
async function threeWith(net: Net, first = new Person(net)): Promise<[Person, Person, Person]> {
	const [a, b, c] = [first, new Person(net), new Person(net)];
	await a.add(b);
	await settle();
	await a.add(c);
	await settle();
	expect(b.connected).toContain(c.id);
	return [a, b, c];
}

describe('roster entries say their owner’s protocol version', () => {
	it('keeps a whole positive version and drops anything else', () => {
		const parsed = (protocol: unknown) =>
			parseGroupMessage({ t: 'roster', members: [{ ...entry(), protocol }] });
		expect(parsed(6)).toEqual({ t: 'roster', members: [entry({ protocol: 6 })] });
		for (const bad of ['6', -1, 0, 6.5, null, undefined])
			expect(parsed(bad), String(bad)).toEqual({ t: 'roster', members: [entry()] });
	});

	it('at equal versions, the copy that kept the protocol wins, whichever came first', () => {
		const kept = entry({ protocol: 6 });
		const lost = entry();
		expect(merge(merge(emptyRoster, [lost]).roster, [kept]).roster.get(id(1))).toEqual(kept);
		expect(merge(merge(emptyRoster, [kept]).roster, [lost]).roster.get(id(1))).toEqual(kept);
	});
});

describe('relayed joins with audio/video (version 6)', () => {
	it('carry audio/video when the other end’s entry says version 6; the code’s offer never does', async () => {
		const [a, b, c] = await threeWith(new Net());
		expect(offerer(b, c)?.offeredMedia).toBe(true);
		expect(offerer(a, b)?.offeredMedia).toBe(false);
		expect(offerer(a, c)?.offeredMedia).toBe(false);
	});

	it('stay data-only when the entry came through a member of version 5 (it drops the field)', async () => {
		const net = new Net();
		const a = new Person(net);
		net.version5.add(a.id);
		const [, b, c] = await threeWith(net, a);
		expect(offerer(b, c)?.offeredMedia).toBe(false);
	});

	it('send the own entry right behind hello, before anything has been heard from the other side', () => {
		const net = new Net();
		const [a, c] = [new Person(net), new Person(net)];
		const engine = net.engine(() => c.id);
		const member = c.group.create(engine, { iceServers: [] } as never, 'joiner');
		const sent = (member.peer as unknown as FakePeer).sent.map((message) => message.t);
		expect(sent).toEqual(['hello', 'roster']);
		expect((member.peer as unknown as FakePeer).sent[1]).toEqual({
			t: 'roster',
			members: [expect.objectContaining({ id: c.id, protocol: 8, left: false })]
		});
		expect(a.id).not.toBe(c.id);
	});
});
