// The call as the UI sees it: which step we are on, the code to show, the remote stream and a human message
// for the last bad input. A runes class (svelte.dev Workspace style): $state fields, real state #private.
// It turns codes into descriptions (lib/signal) and hands them to the one peer it owns (./peer).
import { captureScreen, ScreenError } from '$lib/media/screen-capture';
import type { Description } from '$lib/signal';
import { signalErrorText } from '$lib/i18n/signal-errors';
import { m } from '$lib/paraglide/messages';
import { SignalError } from '$lib/signal/errors';
import { Chat } from './chat.svelte';
import type { ConnectFailure } from './diagnose';
import { RtcError } from './errors';
import { loadEngine, type Engine } from './load-engine';
import type { CloseReason, LocalTracks, Peer, PeerState } from './peer';
import type { FingerprintPair } from './sas';
import { Transfers } from './transfer/transfers.svelte';

/** How long the caller's code stays usable: people need minutes to carry the answer back. */
export const codeLifetimeMs = 10 * 60_000;

export type Phase =
	| 'idle' // home
	| 'preparing' // gathering the code
	| 'offering' // caller shows its code, waits for the answer
	| 'joining' // joiner has no code yet: scan or paste
	| 'answering' // joiner shows its answer, waits for the call
	| 'in-call'
	| 'ended';

/**
 * What a code read now is taken for. Only a caller waiting for its answer reads answers; everyone else reads
 * call codes. The phase alone would not do: a joiner whose answer is still being made is 'preparing' too, and
 * a code it reads then is a new call code (or the wrong device's answer, which the codec then says).
 */
export function codeExpected(role: 'caller' | 'joiner' | null, phase: Phase): 'answer' | 'offer' {
	return role === 'caller' && (phase === 'offering' || phase === 'preparing') ? 'answer' : 'offer';
}

export interface SessionOptions {
	/** Origin + path the link points at, e.g. https://qrcall.app/ */
	linkBase: string;
	getTracks: () => LocalTracks;
}

export class CallSession {
	phase = $state<Phase>('idle');
	role = $state<'caller' | 'joiner' | null>(null);
	/** The link to show as QR and text. */
	myCode = $state<string | null>(null);
	codeCreatedAt = $state<number | null>(null);
	codeExpired = $state(false);
	peerState = $state<PeerState>('new');
	remoteStream = $state.raw<MediaStream | null>(null);
	/** The other side's microphone track (rtc/tracks hands out a new remoteStream for each track). */
	remoteAudio = $derived(this.remoteStream?.getAudioTracks()[0] ?? null);
	remoteMedia = $state({ mic: true, camera: true });
	/** The remote camera froze while connected (rtc/video-watch.ts): the call screen says "Video paused". */
	remoteVideoPaused = $state(false);
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
	busy = $state(false);
	/** Stage two (audio/video over the data channel) failed: the call screen says so and offers Retry. */
	mediaFailed = $state(false);
	/** Caller: the answer was applied; the connection is being set up. */
	answerApplied = $state(false);
	/** Joiner: the caller's offer, read and checked, waiting for "Answer". */
	pendingOffer = $state.raw<Description | null>(null);
	/** The safety check ("123 456"), the same on both sides unless someone relayed the codes; null until known. */
	safetyCode = $state<string | null>(null);
	/** Our screen as sent to the other side (null: not sharing). */
	myScreen = $state.raw<MediaStream | null>(null);
	/** The other side's screen share, shown instead of its camera while it lasts. */
	remoteScreen = $state.raw<MediaStream | null>(null);
	/** Text chat with the other side; survives nothing beyond this call. */
	readonly chat = new Chat({ send: (message) => this.#peer?.send(message) });
	/** Files sent and received, each over its own data channel. */
	readonly transfers = new Transfers({
		createChannel: (label, init) => {
			if (!this.#peer) throw new RtcError('ERR_WRONG_STATE');
			return this.#peer.createChannel(label, init);
		},
		maxMessageSize: () => this.#peer?.maxMessageSize() ?? 0
	});

	#peer: Peer | null = null;
	/** The offer of this call (ours as caller, the one read as joiner): answers carry its tag (signal §2). */
	#offerSdp: string | null = null;
	/** Bumped by every reset: work that awaited the engine checks it is still wanted. */
	#generation = 0;
	#expiryTimer: ReturnType<typeof setTimeout> | undefined;
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
				const peer = this.#newPeer(engine, 'caller');
				const offer = await peer.createOffer();
				if (peer !== this.#peer) return;
				this.#showCode(engine, offer);
				this.phase = 'offering';
				this.#expiryTimer = setTimeout(() => this.#expire(), codeLifetimeMs);
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
			this.message = new RtcError('ERR_ALREADY_CONNECTED').message;
			return false;
		}
		if (codeExpected(this.role, this.phase) === 'answer') return this.#useAnswer(text);
		return this.#useOffer(text);
	}

	async #useAnswer(text: string): Promise<boolean> {
		const peer = this.#peer;
		if (this.codeExpired || !peer) {
			this.message = new RtcError('ERR_CODE_EXPIRED').message;
			return false;
		}
		if (this.answerApplied) {
			this.message = new RtcError('ERR_ANSWER_USED').message;
			return false;
		}
		return this.#guard(
			async () => {
				const answering = this.#offerSdp ?? undefined;
				const answer = (await loadEngine()).decode(text, { expect: 'answer', answering });
				await peer.acceptAnswer(answer);
				this.answerApplied = true;
				clearTimeout(this.#expiryTimer);
			},
			{
				failed: m.err_answer_unusable()
			}
		);
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
		this.pendingOffer = offer;
		return true;
	}

	/** Joiner: answer the code that was read; shows the answer code. */
	async answer(): Promise<boolean> {
		const offer = this.pendingOffer;
		if (!offer) return false;
		this.#reset('replaced');
		this.phase = 'preparing';
		const generation = this.#generation;
		const ok = await this.#guard(
			async () => {
				const engine = await loadEngine();
				if (generation !== this.#generation) return;
				const peer = this.#newPeer(engine, 'joiner');
				const answer = await peer.acceptOffer(offer);
				if (peer !== this.#peer) return;
				this.#offerSdp = offer.sdp;
				this.#showCode(engine, answer);
				const ice = engine.loadIceConfig();
				this.unreachableIf = engine.diagnoseFailure({ ...peer.getDescriptions(), ice });
				this.phase = 'answering';
			},
			{ fallback: 'joining', failed: new RtcError('ERR_CREATE_ANSWER').message }
		);
		// A failed answer keeps the code that was read, so "Answer" can simply be tried again.
		if (!ok) this.pendingOffer = offer;
		return ok;
	}

	async setTracks(tracks: LocalTracks): Promise<void> {
		await this.#peer?.setTracks(tracks);
	}

	sendMediaState(mic: boolean, camera: boolean): void {
		this.#peer?.sendMediaState({ mic, camera });
	}

	/** Stage two again after a failure (mediaFailed); the flag clears once a negotiation completes. */
	retryMedia(): void {
		this.#peer?.retryMedia();
	}

	hangUp(): void {
		this.#peer?.hangUp();
	}

	/** Shares a screen beside the camera (renegotiated over the data channel); the browser's own "Stop
	 * sharing" bar ends the track, which stops it here too. */
	async shareScreen(): Promise<void> {
		const peer = this.#peer;
		if (!peer || this.myScreen) return;
		this.message = null;
		let track: MediaStreamTrack;
		try {
			track = await captureScreen();
		} catch (error) {
			if (!(error instanceof ScreenError && error.code === 'ERR_SCREEN_CANCELLED'))
				this.message = (error instanceof ScreenError ? error : new ScreenError('ERR_SCREEN_FAILED')).message;
			return;
		}
		if (peer !== this.#peer) return void track.stop();
		track.addEventListener('ended', () => void this.stopScreen(track), { once: true });
		this.myScreen = new MediaStream([track]);
		await peer.shareScreen(track);
	}

	async stopScreen(only?: MediaStreamTrack): Promise<void> {
		const track = this.myScreen?.getVideoTracks()[0];
		if (!track || (only && only !== track)) return;
		this.myScreen = null;
		track.stop();
		await this.#peer?.shareScreen(null);
	}

	/** Raw stats of the call's connection (details panel); null when there is no call. */
	async getStats(): Promise<RTCStatsReport | null> {
		return (await this.#peer?.getStats()) ?? null;
	}

	/** Back to the home screen, closing whatever is open. */
	home(): void {
		this.#reset('hangup');
		this.role = null;
		this.phase = 'idle';
	}

	#newPeer(engine: Engine, role: 'caller' | 'joiner'): Peer {
		const ice = engine.loadIceConfig();
		const peer = engine.createPeer({
			role,
			ice,
			tracks: this.#options.getTracks(),
			onState: (state) => {
				if (peer !== this.#peer) return;
				this.peerState = state;
				if (state === 'connected' && this.phase !== 'in-call') {
					this.phase = 'in-call';
					performance.mark('qrcall:in-call');
					this.connectedAt = Date.now();
					this.message = null;
					clearTimeout(this.#expiryTimer);
				}
				// Again after a reconnect: an ICE restart keeps the certificates, so the code stays the same.
				if (state === 'connected') void this.#updateSafetyCode(engine, peer);
			},
			onLocalUpdate: (description) => {
				// Same credentials, more candidates: the new code replaces the shown one; its age runs on.
				if (peer !== this.#peer || (this.phase !== 'offering' && this.phase !== 'answering')) return;
				const createdAt = this.codeCreatedAt;
				this.#showCode(engine, description);
				this.codeCreatedAt = createdAt;
			},
			onMediaSetup: (ok) => {
				if (peer === this.#peer) this.mediaFailed = !ok;
			},
			onRemoteStream: (stream) => {
				if (peer !== this.#peer) return;
				this.remoteStream = stream;
			},
			onRemoteMedia: (media) => {
				if (peer === this.#peer) this.remoteMedia = media;
			},
			onRemoteVideoPaused: (paused) => {
				if (peer === this.#peer) this.remoteVideoPaused = paused;
			},
			onRemoteScreen: (stream) => {
				if (peer === this.#peer) this.remoteScreen = stream;
			},
			onDataChannel: (channel) => {
				if (peer !== this.#peer || !this.transfers.accept(channel)) channel.close();
			},
			onMessage: (message) => {
				if (peer !== this.#peer) return;
				if (message.t === 'chat') this.chat.receive(message);
			},
			onClose: (reason) => {
				if (peer !== this.#peer || reason === 'replaced') return;
				void this.stopScreen();
				this.remoteScreen = null;
				this.transfers.stopAll();
				if (reason === 'unreachable')
					this.failure = engine.diagnoseFailure({ ...peer.getDescriptions(), ice });
				this.endReason = reason;
				this.phase = 'ended';
			}
		});
		this.#peer = peer;
		return peer;
	}

	/** The fingerprints DTLS actually used (getStats), else those of the SDPs; both sides hash the same pair. */
	async #updateSafetyCode(engine: Engine, peer: Peer): Promise<void> {
		const { computeSas, fingerprintFromSdp, fingerprintsFromStats } = engine;
		let pair: FingerprintPair | null = null;
		try {
			pair = fingerprintsFromStats(await peer.getStats());
		} catch {
			// A closing connection: the SDP fallback below still works.
		}
		if (!pair) {
			const { local, remote } = peer.getDescriptions();
			const l = local && fingerprintFromSdp(local);
			const r = remote && fingerprintFromSdp(remote);
			if (l && r) pair = { local: l, remote: r };
		}
		if (!pair) return;
		const code = await computeSas(pair);
		if (peer === this.#peer) this.safetyCode = code;
	}

	#showCode(engine: Engine, description: RTCSessionDescriptionInit): void {
		if (description.type !== 'offer' && description.type !== 'answer') return;
		const sdp = description.sdp ?? '';
		if (description.type === 'offer') this.#offerSdp = sdp;
		const answering = description.type === 'answer' ? (this.#offerSdp ?? undefined) : undefined;
		this.myCode = engine.encode(
			{ type: description.type, sdp },
			{ origin: this.#options.linkBase, answering }
		);
		this.codeCreatedAt = Date.now();
		this.codeExpired = false;
		performance.mark('qrcall:code');
	}

	#expire(): void {
		if (this.phase !== 'offering') return;
		this.codeExpired = true;
		const peer = this.#peer;
		this.#peer = null;
		peer?.destroy('replaced');
	}

	#reset(reason: CloseReason): void {
		this.#generation++;
		clearTimeout(this.#expiryTimer);
		const peer = this.#peer;
		this.#peer = null;
		peer?.destroy(reason);
		this.myCode = null;
		this.codeCreatedAt = null;
		this.codeExpired = false;
		this.peerState = 'new';
		this.remoteStream = null;
		this.remoteMedia = { mic: true, camera: true };
		this.remoteVideoPaused = false;
		this.connectedAt = null;
		this.endReason = null;
		this.failure = null;
		this.unreachableIf = null;
		this.mediaFailed = false;
		this.message = null;
		this.pendingOffer = null;
		this.#offerSdp = null;
		this.safetyCode = null;
		this.chat.clear();
		this.transfers.clear();
		this.myScreen?.getTracks().forEach((t) => t.stop());
		this.myScreen = null;
		this.remoteScreen = null;
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

/** Our own errors carry a sentence for people; anything else gets `failed`, which says what did not happen. */
export function humanMessage(error: unknown, failed: string): string {
	if (error instanceof SignalError) return signalErrorText(error);
	if (error instanceof RtcError) return error.message;
	return failed;
}
