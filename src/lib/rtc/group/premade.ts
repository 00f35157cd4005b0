// Offers made ahead (peer protocol 8, docs/peer-protocol.md Groups, Introductions 6.). While "Add someone"
// shows its code, the newcomer does not exist yet, but every other member will have to offer it a pair. So the
// introducer asks them for that offer at once; each makes it (audio/video included, candidates gathered) and
// sends it to the introducer, who hands all of them to the newcomer right behind its hello, as if relayed.
// The newcomer answers through the introducer as for any join. What this takes off a join: the introducer's
// gossip of the newcomer to each member, the member's offer (its transceivers, setLocalDescription, first
// candidate) and that offer's relay to the introducer: ~80–270 ms of a 4-person join (bench:group, session 12,
// on a saturated 2-core machine). A member that makes its offer ahead offers whatever the ids say (the rule
// "the lower id offers" does not apply to that pair): its maker learns the newcomer's id from the
// introducer before anything else about the newcomer, on the same channel, and the newcomer gets the offer
// before the roster that lists its maker.
import type { IceConfig } from '../ice-servers';
import type { Engine } from '../load-engine';
import type { Member } from '../member.svelte';
import type { LocalTracks } from '../peer';
import { codeLifetimeMs } from '../session-parts';
import { joinMark } from './marks';
import type { Relay, RelayedDescription } from './relay';
import { newMemberId } from './roster';
import { premadeOffersFromVersion, type PremadeMessage } from './wire';

/** An offer made ahead that no newcomer took is closed this long after it was asked for: the code's lifetime. */
export const premadeKeepMs = codeLifetimeMs;

export interface PremadeOptions {
	myId(): string;
	/** Members whose pair is open or opening. */
	members(): Member[];
	setup(): { engine: Engine; ice: IceConfig } | null;
	/** A pair that is not in the call yet: no tile, not a route, nobody sends to it. */
	createDetached(engine: Engine, ice: IceConfig): Member;
	/** The pair goes into the call as the one with `id` (instead of one still opening); false: it cannot. */
	adopt(member: Member, id: string): boolean;
	relay(): Relay;
	tracks(): LocalTracks;
}

export interface Premade {
	/** Introducer: the code for `newcomer` is on screen; members that can make their offers to it now. */
	ask(newcomer: Member): void;
	/** Introducer: the newcomer said hello; it gets the offers, and each maker learns whom its offer went to. */
	handOver(newcomer: Member): void;
	receive(from: Member, message: PremadeMessage): void;
	/** A newer local description of a pair made ahead (more candidates): it replaces the one sent. */
	updated(member: Member, description: RTCSessionDescriptionInit): void;
	/** The answer to an offer we made ahead for invitation `invite`. */
	answered(invite: string, from: string, description: RelayedDescription): Promise<void>;
	/**
	 * A member's pair closed: a newcomer's offers are dropped (it will not come: cancelled, expired, never
	 * connected), and so are the offers it asked us for.
	 */
	closed(member: Member): void;
	clear(): void;
}

/** Introducer side: one invitation per code on screen. */
interface Invite {
	id: string;
	asked: Member[];
	offers: Map<Member, RelayedDescription>;
}

/** Maker side: one offer made ahead. `to` is the newcomer that took it (null: none yet). */
interface Made {
	member: Member;
	introducer: Member;
	to: string | null;
	tracks: LocalTracks;
	timer: ReturnType<typeof setTimeout>;
}

const takesPremade = (member: Member) =>
	member.version >= premadeOffersFromVersion && member.peerState === 'connected' && member.id !== null;

export function createPremade(options: PremadeOptions): Premade {
	const invites = new Map<Member, Invite>();
	const made = new Map<string, Made>();

	const discard = (invite: string) => {
		const record = made.get(invite);
		if (!record) return;
		made.delete(invite);
		clearTimeout(record.timer);
		if (record.to === null) record.member.peer.destroy('replaced');
	};

	/** The pair made ahead becomes the one with `to`; false when it cannot (then it is closed). */
	const bind = (invite: string, to: string): boolean => {
		const record = made.get(invite);
		if (!record) return false;
		if (record.to !== null) return record.to === to;
		if (!options.adopt(record.member, to)) {
			discard(invite);
			return false;
		}
		record.to = to;
		const now = options.tracks();
		if (now.audio !== record.tracks.audio || now.video !== record.tracks.video)
			void record.member.peer.setTracks(now);
		return true;
	};

	/** Asked by `introducer`: the offer, sent as soon as it has a candidate (a fuller one may follow). */
	const make = async (introducer: Member, invite: string) => {
		const setup = options.setup();
		if (!setup || made.has(invite)) return;
		const member = options.createDetached(setup.engine, setup.ice);
		const timer = setTimeout(() => discard(invite), premadeKeepMs);
		made.set(invite, { member, introducer, to: null, tracks: options.tracks(), timer });
		try {
			const offer = await member.peer.createOffer(true);
			if (made.get(invite)?.member !== member || member.closed) return;
			introducer.peer.send({
				t: 'premade',
				id: invite,
				description: { type: 'offer', sdp: offer.sdp ?? '' }
			});
		} catch (error) {
			console.warn('qrcall: offer made ahead', error);
			discard(invite);
		}
	};

	const inviteById = (id: string) => [...invites.values()].find((invite) => invite.id === id);

	const drop = (newcomer: Member) => {
		const invite = invites.get(newcomer);
		if (!invite) return;
		invites.delete(newcomer);
		for (const maker of invite.asked) maker.peer.send({ t: 'premade', id: invite.id, to: null });
	};

	return {
		ask(newcomer) {
			const others = options.members().filter((who) => who !== newcomer && takesPremade(who));
			const invite: Invite = { id: newMemberId(), asked: others, offers: new Map() };
			invites.set(newcomer, invite);
			for (const member of others) member.peer.send({ t: 'premade', id: invite.id });
		},
		handOver(newcomer) {
			const invite = invites.get(newcomer);
			if (!invite) return;
			invites.delete(newcomer);
			const to = newcomer.version >= premadeOffersFromVersion ? newcomer.id : null;
			for (const maker of invite.asked) {
				const offer = invite.offers.get(maker);
				const used = to !== null && offer !== undefined && takesPremade(maker);
				maker.peer.send({ t: 'premade', id: invite.id, to: used ? to : null });
				if (!used || !maker.id) continue;
				options.relay().handOver(newcomer, maker.id, offer, invite.id);
				joinMark('handed', { me: options.myId(), from: maker.id, to });
			}
		},
		receive(from, message) {
			if ('description' in message) {
				// An offer for an invitation that ended is not ours to keep: its maker was told already.
				const invite = inviteById(message.id);
				if (invite?.asked.includes(from)) invite.offers.set(from, message.description);
			} else if ('to' in message) {
				if (made.get(message.id)?.introducer !== from) return;
				if (message.to === null) discard(message.id);
				else bind(message.id, message.to);
			} else {
				void make(from, message.id);
			}
		},
		updated(member, description) {
			for (const [id, record] of made) {
				if (record.member !== member || record.to !== null) continue;
				const sdp = description.sdp ?? '';
				record.introducer.peer.send({ t: 'premade', id, description: { type: 'offer', sdp } });
			}
		},
		async answered(invite, from, description) {
			const record = made.get(invite);
			if (!record || !bind(invite, from)) return;
			made.delete(invite);
			clearTimeout(record.timer);
			if (record.member.closed) return;
			await record.member.peer.acceptAnswer(description);
			joinMark('answer-applied', { me: options.myId(), from });
		},
		closed(member) {
			drop(member);
			for (const invite of invites.values()) invite.offers.delete(member);
			for (const [id, record] of made) if (record.introducer === member && record.to === null) discard(id);
		},
		clear() {
			for (const id of [...made.keys()]) discard(id);
			invites.clear();
		}
	};
}
