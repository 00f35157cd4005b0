// Relayed descriptions (docs/peer-protocol.md, Groups): a description for a pair that has no channel of its
// own yet (a join) or whose own link is down (a restart) goes to every member connected to both ends, each of
// which forwards it once. The receiving end drops copies by id.
import type { Member } from '../member.svelte';
import type { GroupMessage, RelayKind } from './wire';

type Relayed = Extract<GroupMessage, { t: 'relay' }>;
type Description = Relayed['description'];

/** Ids of relays already handled, per call: copies from other members are dropped. Bounded. */
const maxSeen = 1_000;

export interface RelayOptions {
	myId: () => string;
	/** Members whose pair is open or opening. */
	members: () => Member[];
	onJoin: (from: string, description: Description) => Promise<void>;
	/** A restart description for the pair with `from`, whose own channel may be down. */
	onRestart?: (from: string, description: Description) => Promise<void>;
}

export interface Relay {
	send(to: string, kind: RelayKind, description: Description): void;
	/** A relay message that arrived from `member`. */
	receive(member: Member, message: Relayed): Promise<void>;
	clear(): void;
}

export function createRelay(options: RelayOptions): Relay {
	const seen = new Set<string>();
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
			for (const member of options.members())
				if (member.id !== to && member.version > 0) member.peer.send(message);
		},
		async receive(member, message) {
			if (message.to !== options.myId()) {
				// One hop only, and only for the member that sent it: nothing loops, nobody speaks for another.
				if (member.id !== message.from) return;
				options
					.members()
					.find((m) => m.id === message.to)
					?.peer.send(message);
				return;
			}
			if (seen.has(message.id)) return;
			if (seen.size >= maxSeen) seen.clear();
			seen.add(message.id);
			if (message.kind === 'join') await options.onJoin(message.from, message.description);
			else await options.onRestart?.(message.from, message.description);
		},
		clear: () => seen.clear()
	};
}
