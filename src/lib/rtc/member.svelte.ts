// One other person in the call and the connection to them: the peer that ./peer owns, and what the UI shows
// of it (state, streams, microphone and camera, safety code). A 1:1 call has one member; a group has one per
// other person (./group.svelte). Runes class: $state fields the UI reads, real state #private.
import { m } from '$lib/paraglide/messages';
import type { ConnectFailure } from './diagnose';
import { guestNumber } from './group/roster';
import type { IceConfig } from './ice-servers';
import type { Engine } from './load-engine';
import type { CloseReason, LocalTracks, Peer, PeerState, RemoteMediaState, Role } from './peer';
import type { RelayedDescription } from './peer-types';
import type { PeerMessage } from './protocol';
import type { FingerprintPair } from './sas';
import type { VideoStall } from './video-watch';

export interface MemberHooks {
	/** ICE connected (first time or again). */
	onConnected(member: Member): void;
	onMessage(member: Member, message: PeerMessage): void;
	onDataChannel(member: Member, channel: RTCDataChannel): void;
	/** The stage-one description changed after more candidates (a shown code is redrawn). */
	onLocalUpdate?(member: Member, description: RTCSessionDescriptionInit): void;
	/** This pair's link is down: its restart offer through other members (group/restarts); false: nobody. */
	relayRestart?(member: Member, offer: RelayedDescription): boolean;
	onClose(member: Member, reason: CloseReason): void;
}

export interface MemberOptions {
	engine: Engine;
	role: Role;
	ice: IceConfig;
	tracks: LocalTracks;
	hooks: MemberHooks;
	/** Known when the pair was set up through the group (its id from the roster); else from its `hello`. */
	id?: string;
}

let nextKey = 0;

export class Member {
	/** Local key for lists; the member id arrives with `hello` (an older qrcall sends none). */
	readonly key = `m${++nextKey}`;
	id = $state<string | null>(null);
	/** The name this person chose (null: none yet, or not known yet). */
	name = $state<string | null>(null);
	/** The other side's protocol version from its hello; 0 until one arrives (an older qrcall: never). */
	version = $state(0);
	peerState = $state<PeerState>('new');
	remoteStream = $state.raw<MediaStream | null>(null);
	/** The microphone track (rtc/tracks hands out a new remoteStream for each track). */
	remoteAudio = $derived(this.remoteStream?.getAudioTracks()[0] ?? null);
	remoteMedia = $state<RemoteMediaState>({ mic: true, camera: true });
	/** The remote camera's frames stopped ('paused') or never came ('absent') while expected (./video-watch). */
	remoteVideoStall = $state<VideoStall>('none');
	remoteScreen = $state.raw<MediaStream | null>(null);
	mediaFailed = $state(false);
	safetyCode = $state<string | null>(null);
	closeReason = $state<CloseReason | null>(null);
	/**
	 * Settles once stage two's first audio/video exchange is done on this side, or failed, or the pair closed:
	 * the session shows the call screen then (./session-parts callScreenWaitMs).
	 */
	readonly stageTwo: Promise<void>;
	/** Why the pair never connected (closeReason 'unreachable'). */
	failure = $state.raw<ConnectFailure | null>(null);
	readonly peer: Peer;
	readonly #engine: Engine;
	readonly #ice: IceConfig;

	constructor(options: MemberOptions) {
		this.#engine = options.engine;
		this.#ice = options.ice;
		this.id = options.id ?? null;
		const { hooks } = options;
		let settle = () => {};
		this.stageTwo = new Promise((resolve) => (settle = resolve));
		this.peer = options.engine.createPeer({
			role: options.role,
			ice: options.ice,
			tracks: options.tracks,
			onState: (state) => {
				this.peerState = state;
				if (state !== 'connected') return;
				hooks.onConnected(this);
				// Again after a reconnect: an ICE restart keeps the certificates, so the code stays the same.
				void this.#updateSafetyCode();
			},
			onLocalUpdate: (description) => hooks.onLocalUpdate?.(this, description),
			relayRestart: (offer) => hooks.relayRestart?.(this, offer) ?? false,
			onMediaSetup: (ok) => {
				this.mediaFailed = !ok;
				if (!ok) settle();
			},
			onMediaNegotiated: () => settle(),
			onRemoteStream: (stream) => (this.remoteStream = stream),
			onRemoteMedia: (media) => (this.remoteMedia = media),
			onRemoteVideoStall: (stall) => (this.remoteVideoStall = stall),
			onRemoteScreen: (stream) => (this.remoteScreen = stream),
			onDataChannel: (channel) => hooks.onDataChannel(this, channel),
			onMessage: (message) => hooks.onMessage(this, message),
			onClose: (reason) => {
				// No remote description: the other side never answered (a relayed join), which the tile says.
				if (reason === 'unreachable' && this.peer.getDescriptions().remote) this.failure = this.diagnose();
				this.closeReason = reason;
				this.remoteScreen = null;
				settle();
				hooks.onClose(this, reason);
			}
		});
	}

	/**
	 * Why this pair could not connect, should it not: from the candidates of both descriptions and the ICE
	 * servers it used (rtc/diagnose). Final once it closed 'unreachable'; a conditional hint before.
	 */
	diagnose(): ConnectFailure {
		return this.#engine.diagnoseFailure({ ...this.peer.getDescriptions(), ice: this.#ice });
	}

	/** Their microphone's level now, 0…1, as their browser measured it (what speaking indicators read). */
	readonly audioLevel = (): number => this.peer.audioLevel();

	/** What the UI calls this person: the chosen name, else "Guest N" for the id, in the current language. */
	get displayName(): string {
		if (this.name) return this.name;
		return this.id ? m.member_guest({ number: guestNumber(this.id) }) : m.member_someone();
	}

	get closed(): boolean {
		return this.closeReason !== null;
	}

	/** The fingerprints DTLS actually used (getStats), else those of the SDPs; both sides hash the same pair. */
	async #updateSafetyCode(): Promise<void> {
		const { computeSas, fingerprintFromSdp, fingerprintsFromStats } = this.#engine;
		let pair: FingerprintPair | null = null;
		try {
			pair = fingerprintsFromStats(await this.peer.getStats());
		} catch {
			// A closing connection: the SDP fallback below still works.
		}
		if (!pair) {
			const { local, remote } = this.peer.getDescriptions();
			const l = local && fingerprintFromSdp(local);
			const r = remote && fingerprintFromSdp(remote);
			if (l && r) pair = { local: l, remote: r };
		}
		if (pair) this.safetyCode = await computeSas(pair);
	}
}
