// Names. Ours: "Your name", kept on this device: asked once, editable, the same in every call. Storage can be
// blocked (private modes, policies): then the name lasts for this call, and nothing throws. The others':
// whose word for a member's name counts.
import type { Roster, RosterEntry } from './roster';
import { maxNameLength } from './wire';

/** What a member's name is set on (../member.svelte). */
interface Named {
	id: string | null;
	/** Its peer protocol version, from its hello: 0 until then. */
	version: number;
	name: string | null;
}

/** Where "Your name" is kept on this device. */
const nameKey = 'qrcall.name';

export function storedName(): string {
	try {
		return localStorage.getItem(nameKey) ?? '';
	} catch {
		return '';
	}
}

/** The name as it will be used (trimmed, at most maxNameLength), kept for the next calls ("" forgets it). */
export function storeName(name: string): string {
	const clean = name.trim().slice(0, maxNameLength);
	try {
		if (clean) localStorage.setItem(nameKey, clean);
		else localStorage.removeItem(nameKey);
	} catch {
		// Storage blocked: the name lasts for this call.
	}
	return clean;
}

/**
 * Sets the names that `entries` (just merged into `roster`) give. A name is taken only from its owner's own
 * connection (`from`): gossip could carry anyone's word for it. Also when gossip brought that very entry first
 * (then it changes nothing in the roster): C's new name reached B through A before C's own message, and B
 * showed "Guest N" for good (group e2e, CI, Chromium 156). Until a pair set up through the group has its own
 * hello, the roster's word is all there is (as when it was made): an offer made ahead came before the roster
 * that names its maker, and a pair that never connects gets no hello (its tile says whom it cannot reach).
 */
export function takeNames(
	roster: Roster,
	live: readonly Named[],
	entries: readonly RosterEntry[],
	from?: Named
): void {
	for (const entry of entries) {
		const newest = roster.get(entry.id)?.v === entry.v;
		if (!newest || entry.left || !entry.name) continue;
		if (from && from.id === entry.id) from.name = entry.name;
		const unheard = live.find((who) => who.id === entry.id && who.version === 0);
		if (unheard) unheard.name = entry.name;
	}
}

/** A pair set up through the group: the name the roster gives until its own hello says (takeNames). */
export function rosterName(roster: Roster, id: string): string | null {
	return roster.get(id)?.name || null;
}
