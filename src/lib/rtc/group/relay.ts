// Relayed descriptions (docs/peer-protocol.md, Groups): a description for a pair that has no channel of its
// own yet (a join) or whose own link is down (a restart) goes to every member connected to both ends, each of
// which forwards it once. The receiving end drops copies by id. A member asked to forward a join to someone it
// has no pair with yet (both are being introduced at the same moment) holds the message until it has one; a
// restart goes only through members whose pairs with both ends are connected now, and is never held (the
// restarting side makes a fresh offer if no answer comes).
import type { Member } from '../member.svelte';
import { joinMark } from './marks';
import type { GroupMessage, RelayKind } from './wire';

type Relayed = Extract<GroupMessage, { t: 'relay' }>;
export type RelayedDescription = Relayed['description'];

/** Ids of relays already handled, per call: copies from other members are dropped. Bounded. */
const maxSeen = 1_000;
/** Relays held for a member not known yet: a few per introduction, kept as long as a join may take. */
const maxHeld = 100;
const holdMs = 20_000;

export interface RelayOptions {
	myId: () => string;
	/** Members whose pair is open or opening. */
	members: () => Member[];
	onJoin: (from: string, description: RelayedDescription) => Promise<void>;
	/** A restart description for the pair with `from`, whose own channel may be down. */
	onRestart?: (from: string, description: RelayedDescription) => Promise<void>;
}

export interface Relay {
	/** Sends through the members that may carry it; how many it went to (0: nobody could). */
	send(to: string, kind: RelayKind, description: RelayedDescription): number;
	/** A relay message that arrived from `member`. */
	receive(member: Member, message: Relayed): Promise<void>;
	/** A member got its id (a new pair, or its hello): held relays for it leave now. */
	flush(): void;
	clear(): void;
}

/** Forwards a restart only over a connected pair; the mark lets tests see that the relay carried it. */
function forwardRestart(message: Relayed, to: Member | undefined): void {
	if (!to || to.peerState !== 'connected') return;
	to.peer.send(message);
	performance.mark('qrcall:restart-forwarded');
}

export function createRelay(options: RelayOptions): Relay {
	const seen = new Set<string>();
	let held: { message: Relayed; until: number }[] = [];
	const target = (id: string) => options.members().find((m) => m.id === id);
	/** A restart needs a working link on both legs: a member still connecting or reconnecting is no route. */
	const carries = (member: Member, kind: RelayKind) => kind === 'join' || member.peerState === 'connected';
	return {
		send(to, kind, description) {
			const message: Relayed = {
				t: 'relay',
				id: crypto.randomUUID(),
				from: options.myId(),
				to,
				kind,
				description
			};
			// A join: every member with an id, even one still opening (its channel queues until it opens).
			const via = options
				.members()
				.filter((member) => member.id !== null && member.id !== to && carries(member, kind));
			for (const member of via) member.peer.send(message);
			return via.length;
		},
		async receive(member, message) {
			if (message.to !== options.myId()) {
				// One hop only, and only for the member that sent it: nothing loops, nobody speaks for another.
				if (member.id !== message.from) return;
				const to = target(message.to);
				if (message.kind === 'restart') return forwardRestart(message, to);
				joinMark('forwarded', { me: options.myId(), from: message.from, to: message.to });
				if (to) to.peer.send(message);
				else if (held.length < maxHeld) held.push({ message, until: Date.now() + holdMs });
				return;
			}
			if (seen.has(message.id)) return;
			if (seen.size >= maxSeen) seen.clear();
			seen.add(message.id);
			if (message.kind === 'join') await options.onJoin(message.from, message.description);
			else await options.onRestart?.(message.from, message.description);
		},
		flush() {
			const now = Date.now();
			held = held.filter(({ message, until }) => {
				if (until < now) return false;
				const to = target(message.to);
				to?.peer.send(message);
				return !to;
			});
		},
		clear: () => {
			seen.clear();
			held = [];
		}
	};
}
