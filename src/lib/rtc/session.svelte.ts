// The call as the UI sees it: which step we are on, the people in it and a human message for the last bad
// input. A runes class (svelte.dev Workspace style): $state fields, real state #private. It routes each code
// read to its step; ./code-exchange.svelte turns codes into descriptions (lib/signal) for the peers of its
// members (./group.svelte, ./member.svelte; ./peer owns each connection); files go by ./call-files.svelte.
// A 1:1 call is a call with one member: the fields below that describe "the other side" read that member,
// which the 1:1 layout shows.
import type { Description } from '$lib/signal';
import { m } from '$lib/paraglide/messages';
import { SignalError } from '$lib/signal/errors';
import { Adding } from './adding.svelte';
import { CallFiles } from './call-files.svelte';
import { Chat } from './chat.svelte';
import { CodeExchange } from './code-exchange.svelte';
import type { ConnectFailure } from './diagnose';
import { RtcError } from './errors';
import { Group } from './group.svelte';
import { loadEngine } from './load-engine';
import type { Member } from './member.svelte';
import type { CloseReason, LocalTracks, PeerState } from './peer';
import { ScreenShare } from './screen-share.svelte';
import {
	callScreenWaitMs,
	codeExpected,
	humanMessage,
	settledWithin,
	type Phase,
	type SessionOptions
} from './session-parts';

export { codeExpected, codeLifetimeMs, humanMessage, type Phase, type SessionOptions } from './session-parts';

export class CallSession {
	phase = $state<Phase>('idle');
	role = $state<'caller' | 'joiner' | null>(null);
	connectedAt = $state<number | null>(null);
	endReason = $state<CloseReason | null>(null);
	/** Why a call that never connected could not (endReason 'unreachable'), from the codes and servers used. */
	failure = $state.raw<ConnectFailure | null>(null);
	/**
	 * The joiner's answer is out: why the call could not connect, should it not (the caller's evidence: the
	 * candidates of both codes and the servers used). A joiner cannot tell a caller that has not read its answer
	 * yet from one that cannot reach it, so its waiting screen says this with an "if".
	 */
	unreachableIf = $state.raw<ConnectFailure | null>(null);
	/** A short human message about the last input or failure; the screen's state is kept. */
	message = $state<string | null>(null);
	/** Something that happened in a group call (who left, who could not join): said, not an error. */
	notice = $state<string | null>(null);
	busy = $state(false);
	/** The codes that set up the call: shown (QR, link, text) and read back. */
	readonly exchange: CodeExchange = new CodeExchange({
		linkBase: () => this.#options.linkBase,
		create: (engine, role) => this.group.create(engine, engine.loadIceConfig(), role),
		phase: () => this.phase
	});
	/** Our screen, sent to everyone. */
	readonly screen = new ScreenShare({
		members: () => this.group.live,
		onError: (text) => (this.message = text)
	});
	/** Everyone else in the call, each with its own connection. */
	readonly group: Group = new Group({
		getTracks: () => this.#options.getTracks(),
		onConnected: (member) => this.#onConnected(member),
		onLocalUpdate: (member, description) => this.exchange.update(member, description),
		onMessage: (member, message) => {
			// Names only once the call is a group: a 1:1 chat stays as it always was.
			if (message.t === 'chat') this.chat.receive(message, this.group.wasGroup ? member.displayName : null);
		},
		onDataChannel: (member, channel) => {
			if (!this.files.accept(member, channel)) channel.close();
		},
		onClose: (member, reason) => this.#onClose(member, reason),
		onNotice: (text) => (this.notice = text)
	});
	/** "Add someone": the code shown to a newcomer and the answer read back (./adding.svelte). */
	readonly adding: Adding = new Adding({
		group: this.group,
		linkBase: () => this.#options.linkBase,
		onMessage: (text) => (this.notice = text)
	});
	/** Text chat with the other side; survives nothing beyond this call. */
	readonly chat = new Chat({ send: (message) => this.group.broadcastUser(message) });
	/** Files sent and received, and who they go to. */
	readonly files: CallFiles = new CallFiles(this.group);

	/** Bumped by every reset: work that awaited the engine checks it is still wanted. */
	#generation = 0;
	#options: SessionOptions;

	constructor(options: SessionOptions) {
		this.#options = options;
	}

	/** Caller: make the bootstrap offer and its code. */
	async start(): Promise<void> {
		this.#reset('replaced');
		this.role = 'caller';
		this.phase = 'preparing';
		// Performance marks time the handshake for `npm run bench:call` and for anyone profiling a slow call.
		performance.mark('qrcall:start');
		const generation = this.#generation;
		await this.#guard(
			async () => {
				const engine = await loadEngine();
				performance.mark('qrcall:engine');
				if (generation !== this.#generation) return;
				if (await this.exchange.offer(engine)) this.phase = 'offering';
			},
			{ fallback: 'idle', failed: new RtcError('ERR_CREATE_OFFER').message }
		);
	}

	/** Joiner: go to the scan/paste screen (no peer yet). */
	join(): void {
		this.#reset('replaced');
		this.role = 'joiner';
		this.phase = 'joining';
	}

	/**
	 * Any code the user scanned, pasted or opened as a link. Decides by the current step what it must be
	 * and answers bad input with a message, never by dropping what is on screen or in progress.
	 */
	async useCode(text: string): Promise<boolean> {
		this.message = null;
		if (this.phase === 'in-call') {
			// In a call, a code is the answer of someone being added, if anyone is.
			if (this.adding.active) return this.adding.useAnswer(text);
			this.message = new RtcError('ERR_ALREADY_CONNECTED').message;
			return false;
		}
		if (codeExpected(this.role, this.phase) === 'offer') return this.#useOffer(text);
		// The caller's answer: refused at once if its code expired or an answer was already used.
		this.message = this.exchange.answerRefusal();
		if (this.message) return false;
		return this.#guard(() => this.exchange.acceptAnswer(text), { failed: m.err_answer_unusable() });
	}

	/** Joiner: read the caller's code; the call is answered only when the user says so. */
	async #useOffer(text: string): Promise<boolean> {
		let offer: Description;
		try {
			offer = (await loadEngine()).decode(text, { expect: 'offer' });
		} catch (error) {
			this.message = humanMessage(error, m.err_code_unreadable());
			return false;
		}
		if (this.phase !== 'joining') this.join();
		this.exchange.pendingOffer = offer;
		return true;
	}

	/** Joiner: answer the code that was read; shows the answer code. */
	async answer(): Promise<boolean> {
		const offer = this.exchange.pendingOffer;
		if (!offer) return false;
		this.#reset('replaced');
		this.phase = 'preparing';
		const generation = this.#generation;
		const ok = await this.#guard(
			async () => {
				const engine = await loadEngine();
				if (generation !== this.#generation) return;
				const member = await this.exchange.answer(engine, offer);
				if (!member) return;
				this.unreachableIf = member.diagnose();
				this.phase = 'answering';
			},
			{ fallback: 'joining', failed: new RtcError('ERR_CREATE_ANSWER').message }
		);
		// A failed answer keeps the code that was read, so "Answer" can simply be tried again.
		if (!ok) this.exchange.pendingOffer = offer;
		return ok;
	}

	/** The member the 1:1 layout shows: the only one, or the first still there. */
	get solo(): Member | null {
		return this.group.live[0] ?? this.exchange.first;
	}
	get peerState(): PeerState {
		return this.solo?.peerState ?? 'new';
	}
	async setTracks(tracks: LocalTracks): Promise<void> {
		await Promise.all(this.group.live.map((who) => who.peer.setTracks(tracks)));
	}

	sendMediaState(mic: boolean, camera: boolean): void {
		void this.group.broadcastUser({ t: 'media', mic, camera });
		this.group.setMedia(mic, camera);
	}

	/** Stage two again after a failure (mediaFailed); the flag clears once a negotiation completes. */
	retryMedia(member = this.solo): void {
		member?.peer.retryMedia();
	}

	/**
	 * Our hang-up ends the call here at once, as ours: the others' byes (their answer to our roster's "left")
	 * and their channels closing arrive before our own bye's flush timer, and must not turn it into "The other
	 * person hung up." or a dropped call.
	 */
	hangUp(): void {
		this.adding.cancel();
		this.group.leave();
		this.#end('hangup', null);
	}

	get myScreen(): MediaStream | null {
		return this.screen.stream;
	}

	shareScreen(): Promise<void> {
		const generation = this.#generation;
		this.message = null;
		return this.screen.start(() => generation === this.#generation);
	}

	stopScreen(only?: MediaStreamTrack): Promise<void> {
		return this.screen.stop(only);
	}

	/** Raw stats of one member's connection (details panel); null when there is none. */
	async getStats(member = this.solo): Promise<RTCStatsReport | null> {
		return (await member?.peer.getStats()) ?? null;
	}

	/** Back to the home screen, closing whatever is open. */
	home(): void {
		this.#reset('hangup');
		this.role = null;
		this.phase = 'idle';
	}

	#onConnected(member: Member): void {
		if (this.phase !== 'in-call') void this.#enterCall(member);
		this.adding.connected(member);
		this.screen.sendTo(member);
	}

	/** The call screen, once stage two's first exchange is done here or after a wait (callScreenWaitMs). */
	async #enterCall(member: Member): Promise<void> {
		const generation = this.#generation;
		await settledWithin(member.stageTwo, callScreenWaitMs);
		if (generation !== this.#generation || this.phase === 'in-call' || this.phase === 'ended') return;
		this.phase = 'in-call';
		performance.mark('qrcall:in-call');
		this.connectedAt = Date.now();
		this.message = null;
		this.exchange.connected();
	}

	/** A member's connection closed: a 1:1 call (or the last member) ends; a group goes on without it. */
	#onClose(member: Member, reason: CloseReason): void {
		if (reason === 'replaced' || this.adding.closed(member, reason) || this.phase === 'ended') return;
		const others = this.group.live.filter((other) => other !== member);
		if (this.phase === 'in-call' && others.length > 0) {
			if (reason === 'remote-hangup' || reason === 'remote-left')
				this.notice = m.group_left({ name: member.displayName });
			return;
		}
		if (member !== this.exchange.first && this.phase !== 'in-call') return;
		this.#end(reason, member.failure);
	}

	#end(reason: CloseReason, failure: ConnectFailure | null): void {
		void this.stopScreen();
		this.files.stop();
		this.failure = failure;
		this.endReason = reason;
		this.phase = 'ended';
	}

	#reset(reason: CloseReason): void {
		this.#generation++;
		this.exchange.reset();
		this.adding.cancel();
		this.group.reset(reason);
		this.connectedAt = null;
		this.endReason = null;
		this.failure = null;
		this.unreachableIf = null;
		this.message = null;
		this.notice = null;
		this.chat.clear();
		this.files.clear();
		this.screen.clear();
	}

	/**
	 * One error edge for the session: a human message, the phase restored, nothing swallowed silently.
	 * `failed` says what did not happen when the error is not one of ours (a browser or library surprise).
	 */
	async #guard(work: () => Promise<void>, on: { fallback?: Phase; failed: string }): Promise<boolean> {
		this.busy = true;
		try {
			await work();
			return true;
		} catch (error) {
			if (!(error instanceof SignalError || error instanceof RtcError)) console.error('qrcall:', error);
			if (on.fallback) {
				this.#reset('replaced');
				this.phase = on.fallback;
			}
			this.message = humanMessage(error, on.failed);
			return false;
		} finally {
			this.busy = false;
		}
	}
}
