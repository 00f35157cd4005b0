// "Add someone": a member of a call shows a new bootstrap offer exactly like "Start a call" (same codec,
// same lifetime) and reads the newcomer's answer. The newcomer's pair is then an ordinary member; the group
// introduces it to everyone else (./group.svelte).
import { m } from '$lib/paraglide/messages';
import { RtcError } from './errors';
import type { Group } from './group.svelte';
import { maxMembers } from './group/roster';
import { loadEngine } from './load-engine';
import type { Member } from './member.svelte';
import type { CloseReason } from './peer';
import { codeLifetimeMs, humanMessage } from './session-parts';

export interface AddingOptions {
	group: Group;
	linkBase: () => string;
	/** What happened to the newcomer, for the call screen's status line. */
	onMessage: (text: string) => void;
}

/** Why nobody can be added now, or null when someone can. */
export function addBlocked(group: Group): string | null {
	if (group.full) return m.group_full_blocked({ count: maxMembers });
	// An older qrcall sends no hello, so it has no name to say: it is always "the other person" of a 1:1 call.
	if (group.legacy.length > 0) return m.group_legacy();
	return null;
}

export class Adding {
	/** The code shown to the newcomer (null: not adding). */
	code = $state<string | null>(null);
	createdAt = $state<number | null>(null);
	expired = $state(false);
	busy = $state(false);
	answerApplied = $state(false);
	/** A human message about the last code read here. */
	message = $state<string | null>(null);
	#member: Member | null = null;
	#offerSdp: string | null = null;
	#timer: ReturnType<typeof setTimeout> | undefined;
	#options: AddingOptions;

	constructor(options: AddingOptions) {
		this.#options = options;
	}

	/** The panel is open: making or showing a code, or connecting the newcomer. */
	get active(): boolean {
		return this.#member !== null || this.busy || this.expired;
	}

	/** Makes the newcomer's code. */
	async start(): Promise<void> {
		const { group } = this.#options;
		this.cancel();
		this.message = addBlocked(group);
		if (this.message) return;
		this.busy = true;
		try {
			const engine = await loadEngine();
			const member = group.create(engine, engine.loadIceConfig(), 'caller');
			this.#member = member;
			// The others make their offers to the newcomer while its code is on screen (rtc/group/premade).
			group.askOffers(member);
			// Audio and video in the code (its media record), as in a 1:1 call's.
			const offer = await member.peer.createOffer(true);
			if (member !== this.#member) return;
			this.#offerSdp = offer.sdp ?? '';
			this.code = engine.encode({ type: 'offer', sdp: this.#offerSdp }, { origin: this.#options.linkBase() });
			this.createdAt = Date.now();
			this.#timer = setTimeout(() => this.#expire(), codeLifetimeMs);
		} catch (error) {
			this.message = humanMessage(error, new RtcError('ERR_CREATE_OFFER').message);
			this.cancel();
		} finally {
			this.busy = false;
		}
	}

	/** The newcomer's answer, scanned or pasted. */
	async useAnswer(text: string): Promise<boolean> {
		this.message = null;
		const member = this.#member;
		if (!member || this.expired) {
			this.message = new RtcError('ERR_CODE_EXPIRED').message;
			return false;
		}
		if (this.answerApplied) {
			this.message = new RtcError('ERR_ANSWER_USED').message;
			return false;
		}
		this.busy = true;
		try {
			const engine = await loadEngine();
			const answer = engine.decode(text, { expect: 'answer', answering: this.#offerSdp ?? undefined });
			await member.peer.acceptAnswer(answer);
			// bench:group times a newcomer's join from here to its first frame from every member.
			performance.mark('qrcall:add-answer-applied');
			this.answerApplied = true;
			clearTimeout(this.#timer);
			return true;
		} catch (error) {
			this.message = humanMessage(error, m.adding_answer_unusable());
			return false;
		} finally {
			this.busy = false;
		}
	}

	/** A member connected: when it is the newcomer, adding is done. */
	connected(member: Member): void {
		if (member !== this.#member) return;
		this.#member = null;
		this.#clear();
	}

	/** A member closed; true when it was the newcomer being added (the call goes on regardless). */
	closed(member: Member, reason: CloseReason): boolean {
		if (member !== this.#member) return false;
		this.#member = null;
		this.#clear();
		if (reason === 'unreachable') this.#options.onMessage(m.adding_unreachable());
		return true;
	}

	/** Closes the panel and forgets the code; a newcomer not yet connected is not added. */
	cancel(): void {
		const member = this.#member;
		this.#member = null;
		member?.peer.destroy('replaced');
		if (member) this.#options.group.remove(member);
		this.#clear();
		this.message = null;
	}

	#clear(): void {
		clearTimeout(this.#timer);
		this.code = null;
		this.createdAt = null;
		this.expired = false;
		this.answerApplied = false;
		this.#offerSdp = null;
	}

	#expire(): void {
		this.expired = true;
		const member = this.#member;
		this.#member = null;
		member?.peer.destroy('replaced');
		if (member) this.#options.group.remove(member);
	}
}
