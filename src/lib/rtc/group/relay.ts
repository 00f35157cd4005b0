// Relayed descriptions (docs/peer-protocol.md, Groups): a description for a pair that has no channel of its
// own yet (a join) or whose own link is down (a restart) goes to every member connected to both ends, each of
// which forwards it once. The receiving end drops copies by id. A member asked to forward a join to someone it
// has no pair with yet (both are being introduced at the same moment) holds the message until it has one; a
// restart goes only through members whose pairs with both ends are connected now, and is never held (the
// restarting side makes a fresh offer if no answer comes). A join's trickled candidates (version 7) take the
// join's way, but only through members of version 7 or later: an older one would drop them. A join goes as
// text however long (../channel FrameOptions): it crosses working links, where deflating and inflating it at
// each of its two hops cost 5–70 ms apiece on a busy main thread; a restart keeps its deflated frame, which
// is what crosses a link that just came back.
import type { Member } from '../member.svelte';
import type { PeerMessage } from '../protocol';
import { joinMark } from './marks';
import { trickledJoinsFromVersion, type GroupMessage, type RelayedCandidate, type RelayKind } from './wire';

type Relayed = Extract<GroupMessage, { t: 'relay' }>;
export type RelayedDescription = Extract<Relayed, { description: unknown }>['description'];

/** Ids of relays already handled, per call: copies from other members are dropped. Bounded. */
const maxSeen = 1_000;
/** Relays held for a member not known yet: a few per introduction, kept as long as a join may take. */
const maxHeld = 100;
const holdMs = 20_000;

export interface RelayOptions {
	myId: () => string;
	/** Members whose pair is open or opening. */
	members: () => Member[];
	/** `premade`: the invitation of an offer made ahead (./premade), or of the answer to one. */
	onJoin: (from: string, description: RelayedDescription, premade?: string) => Promise<void>;
	/** A trickled candidate of the relayed join with `from` (version 7). */
	onCandidate?: (from: string, candidate: RelayedCandidate) => void;
	/** A restart description for the pair with `from`, whose own channel may be down. */
	onRestart?: (from: string, description: RelayedDescription) => Promise<void>;
}

export interface Relay {
	/** Sends through the members that may carry it; how many it went to (0: nobody could). */
	send(to: string, kind: RelayKind, description: RelayedDescription, premade?: string): number;
	/**
	 * An offer `from` made ahead, handed by us (its introducer) to the newcomer `to` as if `from` relayed it:
	 * `to`'s only channel is ours yet.
	 */
	handOver(newcomer: Member, from: string, description: RelayedDescription, premade: string): void;
	/** A trickled candidate of our join with `to`, through members that carry it; how many it went to. */
	sendCandidate(to: string, candidate: RelayedCandidate): number;
	/** Whether a member that carries trickled candidates (version 7) could take them to `to`. */
	trickles(to: string): boolean;
	/** A relay message that arrived from `member`. */
	receive(member: Member, message: Relayed): Promise<void>;
	/** A member got its id (a new pair, or its hello): held relays for it leave now. */
	flush(): void;
	clear(): void;
}

/**
 * The control channel's `onUrgent` (../channel): what `urgent` takes, and a relayed join (description or
 * candidate), which goes to `deliver` as it arrives instead of waiting behind the messages of the pair whose
 * channel carries it. It concerns another pair, so nothing of this pair's negotiation orders it; and at a join
 * the introducer's channel to the newcomer also carries their own audio/video offer and answer, whose handling
 * (50–300 ms on a busy main thread) every other introduction's relays waited for. Only text frames skip the
 * queue, in arrival order: the sender's `hello` comes first on every channel, so it is known before its
 * relays; a restart (a deflated frame) keeps its turn.
 */
export function urgentOrRelayedJoin(
	urgent: (message: PeerMessage) => boolean,
	deliver: (message: PeerMessage) => void
): (message: PeerMessage) => boolean {
	return (message) => {
		if (urgent(message)) return true;
		if (message.t !== 'relay' || message.kind !== 'join') return false;
		deliver(message);
		return true;
	};
}

/** How a relayed message is framed on each hop (see the top of this file). */
const frameOf = (message: Relayed) => ({ text: message.kind === 'join' });

/** Forwards a restart only over a connected pair; the mark lets tests see that the relay carried it. */
function forwardRestart(message: Relayed, to: Member | undefined): void {
	if (!to || to.peerState !== 'connected') return;
	to.peer.send(message, frameOf(message));
	performance.mark('qrcall:restart-forwarded');
}

export function createRelay(options: RelayOptions): Relay {
	const seen = new Set<string>();
	let held: { message: Relayed; until: number }[] = [];
	const target = (id: string) => options.members().find((m) => m.id === id);
	/** A restart needs a working link on both legs: a member still connecting or reconnecting is no route. */
	const carries = (member: Member, kind: RelayKind) => kind === 'join' || member.peerState === 'connected';
	/** Every member with an id but `to`, even one still opening (its channel queues until it opens). */
	const routes = (to: string) => options.members().filter((member) => member.id !== null && member.id !== to);
	const carriesCandidates = (member: Member) => member.version >= trickledJoinsFromVersion;
	const header = (to: string) => ({ t: 'relay', id: crypto.randomUUID(), from: options.myId(), to }) as const;
	return {
		send(to, kind, description, premade) {
			const message: Relayed = { ...header(to), kind, description, ...(premade ? { premade } : {}) };
			const via = routes(to).filter((member) => carries(member, kind));
			for (const member of via) member.peer.send(message, frameOf(message));
			return via.length;
		},
		handOver(newcomer, from, description, premade) {
			const message: Relayed = { ...header(newcomer.id ?? ''), from, kind: 'join', description, premade };
			newcomer.peer.send(message, frameOf(message));
		},
		sendCandidate(to, candidate) {
			const message: Relayed = { ...header(to), kind: 'join', candidate };
			const via = routes(to).filter(carriesCandidates);
			for (const member of via) member.peer.send(message, frameOf(message));
			return via.length;
		},
		trickles: (to) => routes(to).some(carriesCandidates),
		async receive(member, message) {
			if (message.to !== options.myId()) {
				// One hop only, and only for the member that sent it: nothing loops, nobody speaks for another.
				if (member.id !== message.from) return;
				const to = target(message.to);
				if (message.kind === 'restart') return forwardRestart(message, to);
				joinMark('forwarded', { me: options.myId(), from: message.from, to: message.to });
				if (to) to.peer.send(message, frameOf(message));
				else if (held.length < maxHeld) held.push({ message, until: Date.now() + holdMs });
				return;
			}
			if (seen.has(message.id)) return;
			if (seen.size >= maxSeen) seen.clear();
			seen.add(message.id);
			if ('candidate' in message) options.onCandidate?.(message.from, message.candidate);
			else if (message.kind === 'join')
				await options.onJoin(message.from, message.description, message.premade);
			else await options.onRestart?.(message.from, message.description);
		},
		flush() {
			const now = Date.now();
			held = held.filter(({ message, until }) => {
				if (until < now) return false;
				const to = target(message.to);
				to?.peer.send(message, frameOf(message));
				return !to;
			});
		},
		clear: () => {
			seen.clear();
			held = [];
		}
	};
}
