// The peer's public surface: what session.svelte.ts and the UI see of the one RTCPeerConnection (peer.ts).
import type { FrameOptions } from './channel';
import type { IceConfig } from './ice-servers';
import type { PeerMessage } from './protocol';
import type { VideoStall } from './video-watch';

export type RelayedDescription = { type: 'offer' | 'answer'; sdp: string };
/** Where a relayed join's further candidates go (group/wire RelayedCandidate; `candidate: ''` ends them). */
export type Trickle = (candidate: {
	candidate: string;
	sdpMid: string | null;
	sdpMLineIndex: number | null;
}) => void;

export type PeerState = 'new' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'closed';
/**
 * 'unreachable': the call never connected (./diagnose says why); 'lost': it was connected, then dropped;
 * 'expired': the network was gone longer than one side's browser keeps a call (Firefox's consent expiry), so
 * that side closed it (./outlasted); 'grace': nothing answered for the whole grace period after the link went
 * down (./connection-policy disconnectedGraceMs: longer than any outage a call survived in the netns ladder);
 * 'moved': both devices changed networks mid-call, so neither can find the other (./moved);
 * 'full': the member who added us says the group call already has its maximum of people (./group.svelte).
 */
export type CloseReason =
	| 'hangup'
	| 'remote-hangup'
	| 'remote-left'
	| 'lost'
	| 'expired'
	| 'grace'
	| 'unreachable'
	| 'moved'
	| 'replaced'
	| 'full';
export type Role = 'caller' | 'joiner';
export interface LocalTracks {
	audio: MediaStreamTrack | null;
	video: MediaStreamTrack | null;
}
export interface RemoteMediaState {
	mic: boolean;
	camera: boolean;
}

export interface PeerOptions {
	role: Role;
	ice: IceConfig;
	tracks: LocalTracks;
	onState: (state: PeerState) => void;
	onRemoteStream: (stream: MediaStream) => void;
	onRemoteMedia?: (state: RemoteMediaState) => void;
	/** The remote camera's frames stopped for a while although connected, never came, or came back. */
	onRemoteVideoStall?: (stall: VideoStall) => void;
	/** The other side's screen share started (its own stream) or stopped (null). */
	onRemoteScreen?: (stream: MediaStream | null) => void;
	/** Application messages (chat…) that the peer itself does not handle. */
	onMessage?: (message: PeerMessage) => void;
	/** Data channels the other side opened (file transfers…). */
	onDataChannel?: (channel: RTCDataChannel) => void;
	/** Stage one: candidates that arrived after the code was shown (STUN/TURN), for an updated code. */
	onLocalUpdate?: (description: RTCSessionDescriptionInit) => void;
	/**
	 * Stage two (audio/video over the channel, a renegotiation, a peer message) failed (false, with the error)
	 * or, after a failure, completed again (true). Peer.retryMedia tries again.
	 */
	onMediaSetup?: (ok: boolean, error?: unknown) => void;
	/**
	 * An audio/video negotiation over the channel is done on this side: its answer sent, or the answer to its
	 * offer applied (after stage two's first exchange, again after each later one).
	 */
	onMediaNegotiated?: () => void;
	/**
	 * A group call: this pair's link is down and its ICE restart offer should also go through the members
	 * connected to both (group/restarts); false when nobody can carry it. Its answer: acceptRelayedRestart.
	 */
	relayRestart?: (offer: RelayedDescription) => boolean;
	onClose: (reason: CloseReason) => void;
}

export interface Peer {
	readonly role: Role;
	/**
	 * Caller, stage one: the gathered data-channel offer that goes into the code. `media`: with audio and
	 * video as well (a code's media record, a relayed group join), so there is no stage two. `trickle` (a
	 * relayed join of version 7): the offer comes at its first candidate and the others go there.
	 */
	createOffer(media?: boolean, trickle?: Trickle): Promise<RTCSessionDescriptionInit>;
	/**
	 * Joiner, stage one: applies the caller's offer (with our tracks when it has media) and returns the gathered
	 * answer; with `trickle`, at its first candidate, the others going there.
	 */
	acceptOffer(offer: RTCSessionDescriptionInit, trickle?: Trickle): Promise<RTCSessionDescriptionInit>;
	/** A relayed join's trickled candidate from the other side, added once its description is applied. */
	addRelayedCandidate(candidate: RTCIceCandidateInit): Promise<void>;
	/** Caller, stage one: applies the joiner's answer; the call connects from here. */
	acceptAnswer(answer: RTCSessionDescriptionInit): Promise<void>;
	/** Swaps local tracks (device change, audio-only) without renegotiating when possible. */
	setTracks(tracks: LocalTracks): Promise<void>;
	sendMediaState(state: RemoteMediaState): void;
	/**
	 * A restart description relayed by group members (./relayed-restart): resolves with the answer to relay
	 * back for an offer, null for an answer or for what does not fit this pair now.
	 */
	acceptRelayedRestart(description: RelayedDescription): Promise<RelayedDescription | null>;
	/** After onMediaSetup(false): negotiates stage two again (the caller offers; a joiner asks it to). */
	retryMedia(): void;
	/**
	 * Sends a screen (or any second video) on its own transceiver beside the camera's, which renegotiates over
	 * the data channel; null stops it (the transceiver is stopped, renegotiating again).
	 */
	shareScreen(track: MediaStreamTrack | null): Promise<void>;
	/** A group call: our camera goes to this many people in all, so this connection sends less (./adapt). */
	setReceivers(receivers: number): void;
	/**
	 * Sends an application message over the control channel (queued until it opens); `options`: its frame. A
	 * user message (chat, microphone/camera state) waits while the link is down (./hold).
	 */
	send(message: PeerMessage, options?: FrameOptions): void;
	/** A user message: sent now (undefined), or held while the link is down: then the promise of its sending. */
	sendUser(message: PeerMessage): Promise<boolean> | undefined;
	/** Undefined while the link carries user data; else resolves once it does again (or the call closed). */
	whenLinkUp(): Promise<void> | undefined;
	/** An extra in-band data channel (no renegotiation needed once the first one is open). */
	createChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel;
	/** The largest data-channel message the connection accepts (`pc.sctp.maxMessageSize`; 0 while unknown). */
	maxMessageSize(): number;
	hangUp(): void;
	destroy(reason?: CloseReason): void;
	/** The other side's microphone level now, 0…1, as its browser measured it (./received-level). */
	audioLevel(): number;
	/** For the connection-details view and tests. */
	getStats(): Promise<RTCStatsReport>;
	/** The current SDPs (the safety check falls back to their a=fingerprint when stats lack certificates). */
	getDescriptions(): { local: string | null; remote: string | null };
}
