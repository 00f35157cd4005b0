// The trickled candidates of relayed joins (peer protocol 7, docs/peer-protocol.md Groups): a description
// goes at its first candidate (../join-trickle) and the others follow as `relay { candidate }`, when both
// ends and a member between them speak version 7 (an older one drops such a message: it has no
// description). Ours wait until the description has gone, so that they never overtake it; the other side's
// may come before its offer when another member carried them faster, and wait for the pair then.
import type { Member } from '../member.svelte';
import type { Relay } from './relay';
import { maxMembers, type Roster } from './roster';
import { trickledJoinsFromVersion, type RelayedCandidate } from './wire';

/**
 * Trickled candidates kept for a member whose offer is not here yet: a device has a few host, reflexive and
 * relay candidates; more than this is not a pair being set up.
 */
export const maxCandidatesBeforeOffer = 16;

/** Our trickled candidates for one pair. */
export interface Outbox {
	trickle(candidate: RelayedCandidate): void;
	/** The description went: what was held goes now, and every later candidate at once. */
	release(): void;
}

export interface JoinCandidatesOptions {
	roster(): Roster;
	/** Every member, closed ones included. */
	members(): Member[];
	relay(): Relay;
	/** The pair is still being set up (never connected): only then does it take relayed candidates. */
	settingUp(member: Member): boolean;
}

export interface JoinCandidates {
	/**
	 * Where our candidates for the pair with `id` go; undefined when they cannot trickle (older members).
	 * `known`: the other end is known to take them (its roster entry may not be here yet).
	 */
	trickleTo(id: string, known?: boolean): Outbox | undefined;
	/** A new pair (its offer just came): the candidates that came before it. */
	handOver(member: Member): void;
	/** A trickled candidate from `from`. */
	receive(from: string, candidate: RelayedCandidate): void;
	clear(): void;
}

function outboxTo(relay: Relay, to: string): Outbox {
	let held: RelayedCandidate[] | null = [];
	return {
		trickle(candidate) {
			if (held) held.push(candidate);
			else relay.sendCandidate(to, candidate);
		},
		release() {
			const now = held ?? [];
			held = null;
			for (const candidate of now) relay.sendCandidate(to, candidate);
		}
	};
}

/** Adds a trickled candidate to a pair (a refused one is logged there: it changes nothing else). */
const add = (member: Member, candidate: RelayedCandidate) => void member.peer.addRelayedCandidate(candidate);

export function createJoinCandidates(options: JoinCandidatesOptions): JoinCandidates {
	const early = new Map<string, RelayedCandidate[]>();
	return {
		trickleTo(id, known = false) {
			const relay = options.relay();
			const theirs = options.roster().get(id)?.protocol ?? 0;
			const takes = known || theirs >= trickledJoinsFromVersion;
			return takes && relay.trickles(id) ? outboxTo(relay, id) : undefined;
		},
		handOver(member) {
			const id = member.id ?? '';
			for (const candidate of early.get(id) ?? []) add(member, candidate);
			early.delete(id);
		},
		receive(from, candidate) {
			const member = options.members().find((who) => who.id === from && !who.closed);
			// A connected pair needs none, and takes none from a relay.
			if (member) return options.settingUp(member) ? add(member, candidate) : undefined;
			const list = early.get(from) ?? [];
			if (list.length >= maxCandidatesBeforeOffer) return;
			if (!early.has(from) && early.size >= maxMembers * 2) return;
			early.set(from, [...list, candidate]);
		},
		clear: () => early.clear()
	};
}
