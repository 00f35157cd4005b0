// Introductions (docs/peer-protocol.md, Groups): every present member of the roster we have no pair with gets
// one, set up with bootstrap descriptions relayed by members connected to both ends. The lower id offers, the
// other answers; a pair that has not connected by the join deadline is given up and shown as unreachable, on
// both sides, also by the side whose offer never came (its introducers left mid-introduction). Between two
// members of version 7 each description goes at its first candidate and the rest trickle behind it (./relay).
import type { IceConfig } from '../ice-servers';
import type { Engine } from '../load-engine';
import type { Member } from '../member.svelte';
import type { PeerState, Role } from '../peer';
import type { Relay, RelayedDescription } from './relay';
import { joinMark } from './marks';
import { createJoinCandidates, type JoinCandidates } from './candidates';
import { pairsToOpen, type Roster } from './roster';
import { mediaJoinsFromVersion, type RelayedCandidate } from './wire';

/**
 * A pair set up through the group that has not connected this long after its offer was made is given up and
 * shown as unreachable: relayed descriptions take ~0.1–0.5 s each way, connecting ~50 ms, and a pair whose
 * answer is applied gets the 1:1 connect deadline (12 s) on top of that.
 */
export const joinDeadlineMs = 20_000;

export interface IntroductionsOptions {
	myId(): string;
	roster(): Roster;
	/** Every member, closed ones included (a pair that failed is not tried again: its tile says why). */
	members(): Member[];
	/** The engine and ICE settings of this call, once its first pair exists. */
	setup(): { engine: Engine; ice: IceConfig } | null;
	create(engine: Engine, ice: IceConfig, role: Role, id: string): Member;
	remove(member: Member): void;
	relay(): Relay;
	/** The answer to an offer we made ahead (./premade). */
	premadeAnswered(invite: string, from: string, description: RelayedDescription): Promise<void>;
}

export interface Introductions {
	/** The roster changed: open the pairs it now needs. */
	reconcile(): void;
	/** A relayed bootstrap description for the pair with `from`; `premade`: its invitation (./premade). */
	onJoin(from: string, description: RelayedDescription, premade?: string): Promise<void>;
	/** A pair made ahead went into the call (./premade): it has the join deadline like any other. */
	adopt(member: Member): void;
	/** A trickled candidate for the pair with `from` (version 7). */
	onCandidate(from: string, candidate: RelayedCandidate): void;
	clear(): void;
}

/** The states of a pair that has not connected yet ('reconnecting' follows a first connection). */
const neverConnected: ReadonlySet<PeerState> = new Set(['new', 'waiting', 'connecting']);

/** Timers that clear() stops all at once. */
function timerSet(): { later(ms: number, run: () => void): void; clear(): void } {
	const timers = new Set<ReturnType<typeof setTimeout>>();
	return {
		later(ms, run) {
			const timer = setTimeout(() => {
				timers.delete(timer);
				run();
			}, ms);
			timers.add(timer);
		},
		clear() {
			for (const timer of timers) clearTimeout(timer);
			timers.clear();
		}
	};
}

/** What receiveJoin needs beyond the options (createIntroductions has it). */
interface JoinContext {
	options: IntroductionsOptions;
	/** Starts the join deadline of a new pair. */
	deadline(member: Member): void;
	candidates: JoinCandidates;
	/** Pairs made ready for an offer that has not come yet (awaitOffer). */
	ready: Set<Member>;
	/** Pairs that answered an offer made ahead: while they set up, a fresh offer of the same member loses. */
	answeredAhead: WeakSet<Member>;
}

/**
 * A relayed bootstrap description for the pair with `from`: the answer to our offer is applied; an offer is
 * answered by a new member (its join deadline starts). An offer made ahead (`premade`, ./premade) is answered
 * whoever's id is lower, and a fresh offer of its maker does not replace it while it sets up: its maker
 * adopts the pair made ahead in the end, whatever came first.
 */
async function receiveJoin(
	context: JoinContext,
	from: string,
	description: RelayedDescription,
	premade?: string
): Promise<void> {
	const { options } = context;
	const existing = options.members().find((member) => member.id === from && !member.closed);
	const me = options.myId();
	joinMark('received', { me, from, type: description.type });
	if (description.type === 'answer' && premade) return options.premadeAnswered(premade, from, description);
	if (description.type === 'answer') {
		// Not by state: the answerer's checks can make our side 'connecting' before its answer is here.
		if (existing?.peer.role === 'caller' && existing.peerState !== 'connected') {
			await existing.peer.acceptAnswer(description);
			joinMark('answer-applied', { me, from });
		}
		return;
	}
	const setup = options.setup();
	// Only the lower id offers; an offer for a pair still opening replaces it (the other side retried), but
	// the pair made ready for the first one (awaitOffer) takes it.
	if (!setup || (!premade && from > me) || existing?.peerState === 'connected') return;
	if (!premade && existing && context.answeredAhead.has(existing)) return;
	let member = existing && context.ready.delete(existing) ? existing : undefined;
	if (!member) {
		existing?.peer.destroy('replaced');
		if (existing) options.remove(existing);
		member = options.create(setup.engine, setup.ice, 'joiner', from);
	}
	if (premade) context.answeredAhead.add(member);
	context.deadline(member);
	context.candidates.handOver(member);
	// Its maker speaks version 8, and so does the introducer that handed it over: they take trickled candidates.
	const outbox = context.candidates.trickleTo(from, premade !== undefined);
	const answer = await member.peer.acceptOffer(description, outbox?.trickle);
	if (member.closed) return;
	options.relay().send(from, 'join', { type: 'answer', sdp: answer.sdp ?? '' }, premade);
	outbox?.release();
	joinMark('answer-sent', { me, to: from });
}

export function createIntroductions(options: IntroductionsOptions): Introductions {
	const { later, clear: clearTimers } = timerSet();
	const ready = new Set<Member>();
	const candidates = createJoinCandidates({
		roster: options.roster,
		members: options.members,
		relay: options.relay,
		settingUp: (member) => neverConnected.has(member.peerState)
	});

	// Only a pair that never connected: one that did and is down now (reconnecting) is the restart's to save.
	const deadline = (member: Member) =>
		later(joinDeadlineMs, () => {
			if (!member.closed && neverConnected.has(member.peerState)) member.peer.destroy('unreachable');
		});

	/**
	 * A pair whose offer the other side makes: its connection is made now, while the offer is on its way
	 * through the group, so that its arrival finds it ready (and the tile drawn) instead of building it then,
	 * on a main thread that is busiest at a join. No offer by the join deadline (its introducers left before
	 * relaying it): the pair is shown as unreachable all the same. The offer starts its own deadline.
	 */
	const awaitOffer = (engine: Engine, ice: IceConfig, id: string) => {
		const member = options.create(engine, ice, 'joiner', id);
		ready.add(member);
		later(joinDeadlineMs, () => {
			if (ready.delete(member) && !member.closed) member.peer.destroy('unreachable');
		});
	};

	const context: JoinContext = { options, deadline, candidates, ready, answeredAhead: new WeakSet() };

	const offer = async (engine: Engine, ice: IceConfig, id: string) => {
		const member = options.create(engine, ice, 'caller', id);
		deadline(member);
		joinMark('offer-start', { me: options.myId(), to: id });
		// A member that takes audio/video in the join itself (its roster entry says so) gets it at once.
		const media = (options.roster().get(id)?.protocol ?? 0) >= mediaJoinsFromVersion;
		try {
			const outbox = candidates.trickleTo(id);
			const description = await member.peer.createOffer(media, outbox?.trickle);
			if (member.closed) return;
			options.relay().send(id, 'join', { type: 'offer', sdp: description.sdp ?? '' });
			outbox?.release();
			joinMark('offer-sent', { me: options.myId(), to: id });
		} catch (error) {
			console.warn('qrcall: group offer', error);
			member.peer.destroy('unreachable');
		}
	};

	return {
		reconcile() {
			const setup = options.setup();
			if (!setup) return;
			const linked = options
				.members()
				.map((member) => member.id)
				.filter((id): id is string => id !== null);
			const plan = pairsToOpen(options.myId(), options.roster(), linked);
			for (const id of plan.offer) void offer(setup.engine, setup.ice, id);
			for (const id of plan.await) awaitOffer(setup.engine, setup.ice, id);
		},
		onJoin: (from, description, premade) => receiveJoin(context, from, description, premade),
		adopt: deadline,
		onCandidate: candidates.receive,
		clear() {
			clearTimers();
			ready.clear();
			candidates.clear();
		}
	};
}
