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
}

export interface Introductions {
	/** The roster changed: open the pairs it now needs. */
	reconcile(): void;
	/** A relayed bootstrap description for the pair with `from`. */
	onJoin(from: string, description: RelayedDescription): Promise<void>;
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
}

/**
 * A relayed bootstrap description for the pair with `from`: the answer to our offer is applied; an offer is
 * answered by a new member (its join deadline starts).
 */
async function receiveJoin(
	context: JoinContext,
	from: string,
	description: RelayedDescription
): Promise<void> {
	const { options } = context;
	const existing = options.members().find((member) => member.id === from && !member.closed);
	const me = options.myId();
	joinMark('received', { me, from, type: description.type });
	if (description.type === 'answer') {
		// Not by state: the answerer's checks can make our side 'connecting' before its answer is here.
		if (existing?.peer.role === 'caller' && existing.peerState !== 'connected') {
			await existing.peer.acceptAnswer(description);
			joinMark('answer-applied', { me, from });
		}
		return;
	}
	const setup = options.setup();
	// Only the lower id offers; an offer for a pair still opening replaces it (the other side retried).
	if (!setup || from > options.myId() || existing?.peerState === 'connected') return;
	existing?.peer.destroy('replaced');
	if (existing) options.remove(existing);
	const member = options.create(setup.engine, setup.ice, 'joiner', from);
	context.deadline(member);
	context.candidates.handOver(member);
	const outbox = context.candidates.trickleTo(from);
	const answer = await member.peer.acceptOffer(description, outbox?.trickle);
	if (member.closed) return;
	options.relay().send(from, 'join', { type: 'answer', sdp: answer.sdp ?? '' });
	outbox?.release();
	joinMark('answer-sent', { me, to: from });
}

export function createIntroductions(options: IntroductionsOptions): Introductions {
	const { later, clear: clearTimers } = timerSet();
	/** Ids whose offer we wait for, each with its deadline running. */
	const awaited = new Set<string>();
	const byId = (id: string) => options.members().find((member) => member.id === id);
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

	/** No offer came for a pair we wait for: the other side's tile on our screen says so all the same. */
	const awaitOffer = (id: string) => {
		if (awaited.has(id)) return;
		awaited.add(id);
		later(joinDeadlineMs, () => {
			awaited.delete(id);
			const setup = options.setup();
			const stillThere = options.roster().get(id)?.left === false;
			if (!setup || byId(id) || !stillThere) return;
			options.create(setup.engine, setup.ice, 'joiner', id).peer.destroy('unreachable');
		});
	};

	const context: JoinContext = { options, deadline, candidates };

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
			for (const id of plan.await) awaitOffer(id);
		},
		onJoin: (from, description) => receiveJoin(context, from, description),
		onCandidate: candidates.receive,
		clear() {
			clearTimers();
			awaited.clear();
			candidates.clear();
		}
	};
}
