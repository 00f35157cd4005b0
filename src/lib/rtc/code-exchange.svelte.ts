// The code exchange that sets up a call (docs/signal-format.md §2): the caller's offer code and its lifetime,
// the joiner's answer code, and the caller's reading of that answer. The session (./session.svelte) decides
// when each step runs and owns the phase; this part owns the codes shown and read, the member they set up
// (the first of the call), and the offer whose tag every answer must carry.
import type { Description } from '$lib/signal';
import { RtcError } from './errors';
import { loadEngine, type Engine } from './load-engine';
import type { Member } from './member.svelte';
import { codeLifetimeMs, type Phase } from './session-parts';

export interface CodeExchangeOptions {
	/** Origin + path the link points at, e.g. https://qrcall.app/ */
	linkBase: () => string;
	/** A new member with its own connection (the session's group). */
	create: (engine: Engine, role: 'caller' | 'joiner') => Member;
	/** The session's step: a code expires only while shown for its answer, and is updated only while shown. */
	phase: () => Phase;
}

export class CodeExchange {
	/** The link to show as QR and text. */
	code = $state<string | null>(null);
	createdAt = $state<number | null>(null);
	expired = $state(false);
	/** Caller: the answer was applied; the connection is being set up. */
	answerApplied = $state(false);
	/** Joiner: the caller's offer, read and checked, waiting for "Answer". */
	pendingOffer = $state.raw<Description | null>(null);

	/** The member the codes set up (a 1:1 call's other side). */
	#first: Member | null = null;
	/** The offer of this call (ours as caller, the one read as joiner): answers carry its tag (signal §2). */
	#offerSdp: string | null = null;
	#expiryTimer: ReturnType<typeof setTimeout> | undefined;
	#options: CodeExchangeOptions;

	constructor(options: CodeExchangeOptions) {
		this.#options = options;
	}

	get first(): Member | null {
		return this.#first;
	}

	/** Caller: a new member and its offer as a code, whose lifetime starts. False when reset meanwhile. */
	async offer(engine: Engine): Promise<boolean> {
		const member = this.#newFirst(engine, 'caller');
		// Audio and video go in the code (its media record): media flows as soon as the connection is up.
		const offer = await member.peer.createOffer(true);
		if (member !== this.#first) return false;
		this.#show(engine, offer);
		this.#expiryTimer = setTimeout(() => this.#expire(), codeLifetimeMs);
		return true;
	}

	/** Joiner: a new member answering `offer`, its answer shown as a code. Null when reset meanwhile. */
	async answer(engine: Engine, offer: Description): Promise<Member | null> {
		const member = this.#newFirst(engine, 'joiner');
		const answer = await member.peer.acceptOffer(offer);
		if (member !== this.#first) return null;
		this.#offerSdp = offer.sdp;
		this.#show(engine, answer);
		return member;
	}

	/** Caller: why no answer can be used now (the code expired, an answer was already used), or null. */
	answerRefusal(): string | null {
		if (this.expired || !this.#first) return new RtcError('ERR_CODE_EXPIRED').message;
		if (this.answerApplied) return new RtcError('ERR_ANSWER_USED').message;
		return null;
	}

	/** Caller: the answer in `text` (see answerRefusal) applied to the first member; the code no longer expires. */
	async acceptAnswer(text: string): Promise<void> {
		const peer = this.#first?.peer;
		if (!peer) throw new RtcError('ERR_CODE_EXPIRED');
		const answering = this.#offerSdp ?? undefined;
		const answer = (await loadEngine()).decode(text, { expect: 'answer', answering });
		await peer.acceptAnswer(answer);
		this.answerApplied = true;
		clearTimeout(this.#expiryTimer);
	}

	/** More candidates for a member: the first's code, while shown, is replaced (same credentials); its age runs on. */
	update(member: Member, description: RTCSessionDescriptionInit): void {
		const phase = this.#options.phase();
		if (member !== this.#first || (phase !== 'offering' && phase !== 'answering')) return;
		void loadEngine().then((engine) => {
			const createdAt = this.createdAt;
			this.#show(engine, description);
			this.createdAt = createdAt;
		});
	}

	/** The call is up: the caller's code no longer expires. */
	connected(): void {
		clearTimeout(this.#expiryTimer);
	}

	reset(): void {
		clearTimeout(this.#expiryTimer);
		this.#first = null;
		this.code = null;
		this.createdAt = null;
		this.expired = false;
		this.pendingOffer = null;
		this.answerApplied = false;
		this.#offerSdp = null;
	}

	#newFirst(engine: Engine, role: 'caller' | 'joiner'): Member {
		const member = this.#options.create(engine, role);
		this.#first = member;
		return member;
	}

	#show(engine: Engine, description: RTCSessionDescriptionInit): void {
		if (description.type !== 'offer' && description.type !== 'answer') return;
		const sdp = description.sdp ?? '';
		if (description.type === 'offer') this.#offerSdp = sdp;
		const answering = description.type === 'answer' ? (this.#offerSdp ?? undefined) : undefined;
		this.code = engine.encode(
			{ type: description.type, sdp },
			{ origin: this.#options.linkBase(), answering }
		);
		this.createdAt = Date.now();
		this.expired = false;
		performance.mark('qrcall:code');
	}

	#expire(): void {
		if (this.#options.phase() !== 'offering') return;
		this.expired = true;
		const member = this.#first;
		this.#first = null;
		member?.peer.destroy('replaced');
	}
}
