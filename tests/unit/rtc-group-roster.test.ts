// The group's roster and pairing rule (issue 17 §6): convergence whatever the order of the gossip, two
// members adding someone at the same moment, members leaving mid-introduction, and who offers to whom.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	emptyRoster,
	hasRoom,
	maxMembers,
	merge,
	offers,
	pairsToOpen,
	present,
	type Roster,
	type RosterEntry
} from '$lib/rtc/group/roster';

const id = (n: number) => n.toString(16).padStart(16, '0');
const entry = (n: number, v = 1, more: Partial<RosterEntry> = {}): RosterEntry => ({
	id: id(n),
	name: `P${n}`,
	mic: true,
	camera: true,
	v,
	left: false,
	...more
});
const rosterOf = (...entries: RosterEntry[]): Roster => merge(emptyRoster, entries).roster;
const ids = (roster: Roster) => present(roster).map((e) => e.id);

/** Gossip as the group does it: a member merges what arrives and sends on only what changed. */
function deliver(rosters: Map<string, Roster>, to: string, entries: RosterEntry[]): RosterEntry[] {
	const { roster, changed } = merge(rosters.get(to) ?? emptyRoster, entries);
	rosters.set(to, roster);
	return changed;
}

describe('roster merge', () => {
	it('keeps the higher version of an entry, and a departure over a stay at equal versions', () => {
		const r = rosterOf(entry(1, 2, { name: 'new' }), entry(1, 1, { name: 'old' }));
		expect(r.get(id(1))?.name).toBe('new');
		expect(ids(merge(r, [entry(1, 2, { left: true })]).roster)).toEqual([]);
		// A stale "stay" cannot bring back a member that left.
		expect(ids(merge(rosterOf(entry(1, 2, { left: true })), [entry(1, 2)]).roster)).toEqual([]);
		// The owner coming back says so with a newer version.
		expect(ids(merge(rosterOf(entry(1, 2, { left: true })), [entry(1, 3)]).roster)).toEqual([id(1)]);
	});

	it('reports only what changed, so gossip stops', () => {
		const r = rosterOf(entry(1), entry(2));
		expect(merge(r, [entry(1), entry(2)]).changed).toEqual([]);
		expect(merge(r, [entry(1), entry(3)]).changed).toEqual([entry(3)]);
	});

	it('converges to the same roster whatever the order and duplication of the messages', () => {
		const anEntry = fc.record({
			n: fc.integer({ min: 1, max: 6 }),
			v: fc.integer({ min: 0, max: 4 }),
			left: fc.boolean(),
			mic: fc.boolean()
		});
		fc.assert(
			fc.property(fc.array(anEntry, { maxLength: 30 }), fc.nat(), (raw, seed) => {
				const entries = raw.map((e) => entry(e.n, e.v, { left: e.left, mic: e.mic }));
				const shuffled = [...entries, ...entries.slice(0, seed % (entries.length + 1))].sort(
					(x, y) => ((x.v * 7 + seed) % 5) - ((y.v * 7 + seed) % 5)
				);
				const one = entries.reduce((r, e) => merge(r, [e]).roster, emptyRoster);
				const two = shuffled.reduce((r, e) => merge(r, [e]).roster, emptyRoster);
				const three = merge(emptyRoster, [...entries].reverse()).roster;
				const sorted = (r: Roster) => [...r.values()].sort((x, y) => (x.id < y.id ? -1 : 1));
				expect(sorted(two)).toEqual(sorted(one));
				expect(sorted(three)).toEqual(sorted(one));
			})
		);
	});

	it('two members adding a newcomer each at the same moment end with equal rosters of four', () => {
		// A–B in a call; A adds C while B adds D. Each introducer gossips its newcomer's entry to its peers.
		const [a, b, c, d] = [entry(1), entry(2), entry(3), entry(4)];
		const rosters = new Map<string, Roster>([
			[a.id, rosterOf(a, b, c)],
			[b.id, rosterOf(a, b, d)],
			[c.id, rosterOf(a, b, c)],
			[d.id, rosterOf(a, b, d)]
		]);
		// A learns D from B and sends it on to C; B learns C from A and sends it on to D.
		const toC = deliver(rosters, a.id, [d]);
		deliver(rosters, c.id, toC);
		const toD = deliver(rosters, b.id, [c]);
		deliver(rosters, d.id, toD);
		const all = [a, b, c, d].map((e) => e.id);
		for (const roster of rosters.values()) expect(ids(roster)).toEqual(all);
	});
});

describe('pairing rule', () => {
	it('the lower id offers and the higher waits, so exactly one side of each pair offers', () => {
		fc.assert(
			fc.property(fc.string(), fc.string(), (x, y) => {
				fc.pre(x !== y);
				expect(offers(x, y)).not.toBe(offers(y, x));
			})
		);
	});

	it('every missing pair of a converged roster is opened by exactly one of its two members', () => {
		const roster = rosterOf(entry(1), entry(2), entry(3), entry(4));
		// A–B and A–C were up; A–D, B–C, B–D, C–D are missing.
		const linked: Record<number, number[]> = { 1: [2, 3], 2: [1], 3: [1], 4: [] };
		const offered: string[] = [];
		const awaited: string[] = [];
		for (const n of [1, 2, 3, 4]) {
			const plan = pairsToOpen(id(n), roster, linked[n]!.map(id));
			offered.push(...plan.offer.map((to) => [id(n), to].sort().join('-')));
			awaited.push(...plan.await.map((from) => [id(n), from].sort().join('-')));
		}
		const pair = (x: number, y: number) => `${id(x)}-${id(y)}`;
		const expected = [pair(1, 4), pair(2, 3), pair(2, 4), pair(3, 4)];
		expect(offered.sort()).toEqual(expected);
		expect(awaited.sort()).toEqual(expected);
	});

	it('a member who left mid-introduction is neither offered to nor waited for', () => {
		const roster = rosterOf(entry(1), entry(2), entry(3, 2, { left: true }));
		expect(pairsToOpen(id(1), roster, [id(2)])).toEqual({ offer: [], await: [] });
		expect(pairsToOpen(id(2), roster, [])).toEqual({ offer: [], await: [id(1)] });
	});

	it('the introducer leaving after its gossip changes no pair between the others', () => {
		const before = rosterOf(entry(1), entry(2), entry(3));
		const after = merge(before, [entry(1, 2, { left: true })]).roster;
		expect(pairsToOpen(id(2), after, []).offer).toEqual([id(3)]);
		expect(pairsToOpen(id(3), after, []).await).toEqual([id(2)]);
	});

	it(`has room for ${maxMembers} present members, not one more; members who left make room`, () => {
		const five = rosterOf(...[1, 2, 3, 4, 5].map((n) => entry(n)));
		expect(hasRoom(five)).toBe(true);
		const six = merge(five, [entry(6)]).roster;
		expect(hasRoom(six)).toBe(false);
		expect(hasRoom(merge(six, [entry(6, 2, { left: true })]).roster)).toBe(true);
	});
});
