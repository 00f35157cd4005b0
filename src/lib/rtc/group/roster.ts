// The group's roster: who is in the call, with name, microphone and camera. A last-writer-wins map in which
// each entry is written only by its owner, with a version the owner increments: merging is commutative,
// associative and idempotent, so every member ends with the same map whatever order the gossip took
// (docs/peer-protocol.md, Groups). Pure: no DOM, no WebRTC, unit-tested in Node.

/** At most this many people in one call, the adder included: six upstreams per sender is already a lot. */
export const maxMembers = 6;

export interface RosterEntry {
	id: string;
	name: string;
	mic: boolean;
	camera: boolean;
	/** The owner's version of its own entry; a change increments it. */
	v: number;
	/** The owner left the call (hang-up). */
	left: boolean;
	/**
	 * The owner's peer protocol version (its `hello`'s `v`), for members with no channel to it yet: from 6 on,
	 * a relayed join may carry audio/video (./introductions). Absent: not known (a member of version 5 or
	 * older wrote or gossiped the entry; it keeps only the fields it knows).
	 */
	protocol?: number;
}

export type Roster = ReadonlyMap<string, RosterEntry>;

export const emptyRoster: Roster = new Map();

/**
 * Whether `incoming` replaces `current`: the higher version; at equal versions a departure; then (two
 * different entries with one version, which only a confused or hostile owner sends) the larger one in a
 * fixed order, so that every member still picks the same.
 */
export function newer(incoming: RosterEntry, current: RosterEntry | undefined): boolean {
	if (!current) return true;
	if (incoming.v !== current.v) return incoming.v > current.v;
	if (incoming.left !== current.left) return incoming.left;
	return canonical(incoming) > canonical(current);
}

/** The protocol last: a copy that kept it (gossip through a version-6 member) wins over one that lost it. */
const canonical = (e: RosterEntry) => JSON.stringify([e.name, e.mic, e.camera, e.protocol ?? 0]);

/** Merges entries into a roster; returns the new roster and the entries that changed it (to gossip on). */
export function merge(
	roster: Roster,
	entries: readonly RosterEntry[]
): { roster: Roster; changed: RosterEntry[] } {
	const next = new Map(roster);
	const changed = new Map<string, RosterEntry>();
	for (const entry of entries) {
		if (!newer(entry, next.get(entry.id))) continue;
		next.set(entry.id, entry);
		changed.set(entry.id, entry);
	}
	return { roster: changed.size > 0 ? next : roster, changed: [...changed.values()] };
}

/** The members in the call, in id order (the same order at every member). */
export function present(roster: Roster): RosterEntry[] {
	return [...roster.values()].filter((e) => !e.left).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Of each new pair, the member with the lower id offers; the other only answers: never glare. */
export function offers(me: string, other: string): boolean {
	return me < other;
}

/**
 * The pairs this member must still set up: present members it has no connection with. Those it offers to
 * (`offer`) and those whose offer it waits for (`await`).
 */
export function pairsToOpen(
	me: string,
	roster: Roster,
	linked: Iterable<string>
): { offer: string[]; await: string[] } {
	const known = new Set(linked);
	const open = present(roster)
		.map((e) => e.id)
		.filter((id) => id !== me && !known.has(id));
	return { offer: open.filter((id) => offers(me, id)), await: open.filter((id) => !offers(me, id)) };
}

/** Whether one more member fits: counted on the roster of whoever is asked to add. */
export function hasRoom(roster: Roster): boolean {
	return present(roster).length < maxMembers;
}

/** A fresh member id: 16 hex digits, random, for this call only. */
export function newMemberId(): string {
	const bytes = crypto.getRandomValues(new Uint8Array(8));
	return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * The number of "Guest 37", the name shown until a person sets one: from the id, so every member shows the
 * same number (each in its own language). 10–99: short, and rarely the same twice among six.
 */
export function guestNumber(id: string): number {
	return (parseInt(id.slice(0, 4), 16) % 90) + 10;
}
