// The one owner of the call's RTCPeerConnection (trystero style): stage one (the data-channel bootstrap that
// travels as a code), stage two (audio/video negotiated over that data channel with the perfect-negotiation
// pattern), connection-state policy and the single idempotent close path.
import { adaptSenders } from './adapt';
import { RtcError } from './errors';
import { firstCandidateWithin, gatherTimeoutMs, gatherWithTimeout, hostOnlyTimeoutMs } from './gather';
import type { IceConfig } from './ice-servers';
import { keepAnswererChecking, setPassiveAnswer } from './keepalive';
import { parseMessage, type PeerMessage } from './protocol';

/** A 'disconnected' link (Wi-Fi blip, cut cable) gets this long to come back before the call is lost. */
export const disconnectedGraceMs = 30_000;
/** A 'failed' before the first connection is often transient after a late answer (recovers in ~0.6 s). */
export const failedGraceMs = 15_000;
/** While still 'failed', an ICE restart is asked again this often (fresh gathering finds a returned network). */
export const restartRetryMs = 4_000;
/** Time given to the hang-up message to leave before the connection closes. */
export const byeFlushMs = 250;
/** The bootstrap data channel: negotiated, so the code needs no stream information and no DCEP round trip. */
const channelInit: RTCDataChannelInit = { negotiated: true, id: 0, ordered: true };

export type PeerState = 'new' | 'waiting' | 'connecting' | 'connected' | 'reconnecting' | 'closed';
export type CloseReason = 'hangup' | 'remote-hangup' | 'remote-left' | 'lost' | 'replaced';
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
	/** The other side's screen share started (its own stream) or stopped (null). */
	onRemoteScreen?: (stream: MediaStream | null) => void;
	/** Application messages (chat…) that the peer itself does not handle. */
	onMessage?: (message: PeerMessage) => void;
	/** Data channels the other side opened (file transfers…). */
	onDataChannel?: (channel: RTCDataChannel) => void;
	/** Stage one: candidates that arrived after the code was shown (STUN/TURN), for an updated code. */
	onLocalUpdate?: (description: RTCSessionDescriptionInit) => void;
	onClose: (reason: CloseReason) => void;
}

export interface Peer {
	readonly role: Role;
	/** Caller, stage one: the gathered data-channel offer that goes into the code. */
	createOffer(): Promise<RTCSessionDescriptionInit>;
	/** Joiner, stage one: applies the caller's offer and returns the gathered answer. */
	acceptOffer(offer: RTCSessionDescriptionInit): Promise<RTCSessionDescriptionInit>;
	/** Caller, stage one: applies the joiner's answer; the call connects from here. */
	acceptAnswer(answer: RTCSessionDescriptionInit): Promise<void>;
	/** Swaps local tracks (device change, audio-only) without renegotiating when possible. */
	setTracks(tracks: LocalTracks): Promise<void>;
	sendMediaState(state: RemoteMediaState): void;
	/**
	 * Sends a screen (or any second video) on its own transceiver beside the camera's, which renegotiates over
	 * the data channel; null stops it (the transceiver is stopped, renegotiating again).
	 */
	shareScreen(track: MediaStreamTrack | null): Promise<void>;
	/** Sends an application message over the control channel (queued until it opens). */
	send(message: PeerMessage): void;
	/** An extra in-band data channel (no renegotiation needed once the first one is open). */
	createChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel;
	hangUp(): void;
	destroy(reason?: CloseReason): void;
	/** For the connection-details view and tests. */
	getStats(): Promise<RTCStatsReport>;
	/** The current SDPs (the safety check falls back to their a=fingerprint when stats lack certificates). */
	getDescriptions(): { local: string | null; remote: string | null };
}

export function createPeer(options: PeerOptions): Peer {
	if (typeof RTCPeerConnection === 'undefined') throw new RtcError('ERR_WEBRTC_SUPPORT');
	const { role, ice, onState, onClose } = options;
	const pc = new RTCPeerConnection({ ...ice, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
	const dc = pc.createDataChannel('qrcall', channelInit);
	const remoteStream = new MediaStream();
	const outbox: string[] = [];
	let tracks = options.tracks;
	// Perfect negotiation: the joiner is polite, the caller is not.
	const polite = role === 'joiner';
	let makingOffer = false;
	let ignoreOffer = false;
	let everConnected = false;
	let closed = false;
	let state: PeerState = 'new';
	let graceTimer: ReturnType<typeof setTimeout> | undefined;
	let stopKeepalive: (() => Promise<void>) | undefined;
	let screenTransceiver: RTCRtpTransceiver | null = null;
	let remoteScreen: RTCRtpTransceiver | null = null;

	const setState = (next: PeerState) => {
		if (state === next || state === 'closed') return;
		state = next;
		onState(next);
	};

	const send = (message: PeerMessage) => {
		const data = JSON.stringify(message);
		if (dc.readyState === 'open') dc.send(data);
		else outbox.push(data);
	};

	const close = (reason: CloseReason) => {
		if (closed) return;
		closed = true;
		clearTimeout(graceTimer);
		void stopKeepalive?.();
		dc.onclose = null;
		dc.close();
		pc.close();
		setState('closed');
		onClose(reason);
	};

	const startGrace = (ms: number) => {
		clearTimeout(graceTimer);
		graceTimer = setTimeout(() => close('lost'), ms);
	};

	const currentLocal = () => {
		const local = pc.localDescription;
		if (!local) throw new RtcError('ERR_SET_LOCAL_DESCRIPTION');
		return { type: local.type, sdp: local.sdp };
	};
	const candidateCount = (sdp: string) => sdp.match(/^a=candidate:/gm)?.length ?? 0;
	const ufragOf = (sdp: string | undefined) => /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1];

	/**
	 * The code goes on screen as soon as host candidates exist (a LAN with no internet must not wait for a
	 * STUN server that cannot answer); server-reflexive/relay candidates that arrive within gatherTimeoutMs
	 * then update it once through onLocalUpdate.
	 */
	const gather = async () => {
		await gatherWithTimeout(pc, hostOnlyTimeoutMs);
		const first = currentLocal();
		if (candidateCount(first.sdp) === 0) throw new RtcError('ERR_NO_CANDIDATES');
		if (ice.iceServers.length > 0 && pc.iceGatheringState !== 'complete') {
			void gatherWithTimeout(pc, gatherTimeoutMs).then(() => {
				const later = pc.localDescription;
				if (!closed && later && candidateCount(later.sdp) > candidateCount(first.sdp)) {
					options.onLocalUpdate?.({ type: later.type, sdp: later.sdp });
				}
			});
		}
		return first;
	};

	/** The transceiver carrying one kind of media, whoever created it. */
	const transceiverFor = (kind: 'audio' | 'video') =>
		pc.getTransceivers().find((t) => t.currentDirection !== 'stopped' && t.receiver.track.kind === kind);

	/** Puts the local tracks on the transceivers; returns true when a direction changed (renegotiation). */
	const attachTracks = async () => {
		let directionChanged = false;
		const replacing: Promise<void>[] = [];
		for (const kind of ['audio', 'video'] as const) {
			const transceiver = transceiverFor(kind);
			if (!transceiver) continue;
			const track = tracks[kind];
			// Both at once: each replaceTrack is a round trip to the WebRTC threads (20–40 ms on a slow device).
			if (transceiver.sender.track !== track) replacing.push(transceiver.sender.replaceTrack(track));
			if (track && transceiver.direction !== 'sendrecv') {
				transceiver.direction = 'sendrecv';
				directionChanged = true;
			}
		}
		await Promise.all(replacing);
		return directionChanged;
	};

	const handleDescription = async (description: RTCSessionDescriptionInit) => {
		await stopKeepalive?.();
		const collision = description.type === 'offer' && (makingOffer || pc.signalingState !== 'stable');
		ignoreOffer = !polite && collision;
		if (ignoreOffer) return;
		await pc.setRemoteDescription(description);
		if (description.type !== 'offer') {
			performance.mark('qrcall:remote-answer');
			return;
		}
		// The caller's first media offer creates the transceivers: the joiner's tracks ride on them, so the
		// answer already sends media and no second round trip is needed.
		await attachTracks();
		await pc.setLocalDescription();
		const local = pc.localDescription;
		if (local) send({ t: 'sdp', description: { type: local.type, sdp: local.sdp } });
	};

	const handleMessage = async (message: PeerMessage) => {
		switch (message.t) {
			case 'sdp':
				await handleDescription(message.description);
				checkRemoteScreen();
				return;
			case 'ice':
				try {
					await pc.addIceCandidate(message.candidate);
				} catch (error) {
					if (!ignoreOffer) throw error;
				}
				return;
			case 'media':
				options.onRemoteMedia?.({ mic: message.mic, camera: message.camera });
				return;
			case 'bye':
				close('remote-hangup');
				return;
			default:
				options.onMessage?.(message);
		}
	};

	/** Perfect negotiation's offer side: over the data channel (queued in the outbox until it opens). */
	const negotiate = async () => {
		try {
			makingOffer = true;
			const ufragBefore = ufragOf(pc.currentLocalDescription?.sdp);
			await pc.setLocalDescription();
			if (everConnected && ufragOf(pc.localDescription?.sdp) !== ufragBefore) {
				if (!(await restartHasCandidates())) return;
			}
			const local = pc.localDescription;
			if (local) send({ t: 'sdp', description: { type: local.type, sdp: local.sdp } });
			performance.mark('qrcall:offer-sent');
		} catch (error) {
			console.error('qrcall: renegotiation failed', error);
		} finally {
			makingOffer = false;
		}
	};

	/**
	 * An ICE restart made while the network is down gathers nothing. Sent anyway, it leaves the other side a
	 * new ICE session with no candidate: Firefox then goes 'failed' at once, which closes its data channel and
	 * ends the call. So such an offer is rolled back (the old session stays, and comes back with the network);
	 * the restart is retried while failed and made again once connected (redoRestartMadeOffline).
	 */
	const restartHasCandidates = async () => {
		const local = pc.localDescription?.sdp ?? '';
		if (await firstCandidateWithin(pc, hostOnlyTimeoutMs, candidateCount(local))) return true;
		// Until the next retry the old session must keep answering the other side's checks: it is what
		// comes back first when the network does (a pending restart offer has replaced its credentials).
		restartPausedUntil = Date.now() + restartRetryMs;
		if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
		return false;
	};
	let restartPausedUntil = 0;
	let negotiationDeferred = false;
	/** Ends a pause after a rolled-back restart and makes the negotiation it held back. */
	const resumeNegotiation = () => {
		restartPausedUntil = 0;
		if (!negotiationDeferred) return;
		negotiationDeferred = false;
		void negotiate();
	};

	pc.onnegotiationneeded = () => {
		// Stage one is carried by the code, not by this handler.
		if (dc.readyState !== 'open' && !(role === 'caller' && pc.remoteDescription)) return;
		if (Date.now() < restartPausedUntil) negotiationDeferred = true;
		else void negotiate();
	};

	pc.onicecandidate = ({ candidate }) => {
		// Stage-one candidates are in the code; later ones (ICE restart) go over the data channel.
		if (candidate && dc.readyState === 'open') send({ t: 'ice', candidate: candidate.toJSON() });
	};

	/**
	 * An ICE restart made while the network was down gathered no candidates, so the other side has nothing to
	 * check for the new ICE session; the old path carries the call meanwhile. So once connected again after
	 * restarting, the restart is made once more, now with the network back (seen: a Chromium caller whose
	 * first retry fell after the link returned left its Firefox joiner 'checking' until the call ended).
	 */
	let restartedWhileFailed = false;
	const redoRestartMadeOffline = () => {
		if (!restartedWhileFailed) return;
		restartedWhileFailed = false;
		restartPausedUntil = 0;
		pc.restartIce();
		resumeNegotiation();
	};

	pc.ondatachannel = ({ channel }) => options.onDataChannel?.(channel);

	/** The other side stopped sharing: its transceiver was stopped (or set not to send) by the last offer. */
	const checkRemoteScreen = () => {
		const t = remoteScreen;
		if (!t) return;
		const receiving = t.currentDirection === 'recvonly' || t.currentDirection === 'sendrecv';
		if ((t.currentDirection && !receiving) || t.receiver.track.readyState === 'ended') {
			remoteScreen = null;
			options.onRemoteScreen?.(null);
		}
	};

	pc.ontrack = ({ track, transceiver }) => {
		performance.mark(`qrcall:track-${track.kind}`);
		// The camera and microphone ride on the first transceiver of each kind; another video one is a screen.
		if (track.kind === 'video' && transceiver !== transceiverFor('video')) {
			remoteScreen = transceiver;
			options.onRemoteScreen?.(new MediaStream([track]));
			return;
		}
		remoteStream.addTrack(track);
		options.onRemoteStream(remoteStream);
	};

	pc.onconnectionstatechange = () => {
		switch (pc.connectionState) {
			case 'connecting':
				if (!everConnected) setState('connecting');
				break;
			case 'connected':
				redoRestartMadeOffline();
				everConnected = true;
				clearTimeout(graceTimer);
				void stopKeepalive?.();
				setState('connected');
				break;
			case 'disconnected':
				setState(everConnected ? 'reconnecting' : 'connecting');
				startGrace(disconnectedGraceMs);
				break;
			case 'failed':
				// Never final at once: a late answer may show one transient 'failed' before connecting.
				setState(everConnected ? 'reconnecting' : 'connecting');
				if (everConnected) restartIceUntilConnected();
				startGrace(failedGraceMs);
				break;
			case 'closed':
				close('lost');
		}
	};

	dc.onopen = () => {
		performance.mark('qrcall:channel-open');
		// The channel carries every negotiation from here; the keep-alive must not race the media offer.
		void stopKeepalive?.();
		for (const data of outbox.splice(0)) dc.send(data);
	};
	// One message at a time, in order: an offer, its answer and the candidates after them must not interleave
	// (perfect negotiation reads the signaling state as it was when the message arrived).
	let inbox = Promise.resolve();
	dc.onmessage = ({ data }) => {
		const message = parseMessage(data);
		if (!message) return;
		inbox = inbox
			.then(() => handleMessage(message))
			.catch((error: unknown) => console.error('qrcall: bad peer message', error));
	};
	dc.onclose = () => close('remote-left');

	/**
	 * After a failure, an ICE restart negotiated over the data channel. Either side may start it (perfect
	 * negotiation settles a collision: the joiner yields). The offer leaves as soon as the channel can carry it
	 * (SCTP keeps it until the path works again; an unopened channel queues it in the outbox). Asked again every
	 * restartRetryMs while still failed, until a connection or the grace timer ends it.
	 */
	let restartTimer: ReturnType<typeof setTimeout> | undefined;
	const restartIceUntilConnected = () => {
		clearTimeout(restartTimer);
		if (closed || pc.connectionState !== 'failed') return;
		restartedWhileFailed = true;
		restartPausedUntil = 0;
		pc.restartIce();
		resumeNegotiation();
		restartTimer = setTimeout(restartIceUntilConnected, restartRetryMs);
	};

	/** Each completed negotiation: video yields to a slow link before audio does (./adapt). */
	pc.addEventListener('signalingstatechange', () => {
		if (pc.signalingState === 'stable' && !closed) void adaptSenders(pc);
	});

	return {
		role,
		async createOffer() {
			try {
				await pc.setLocalDescription();
			} catch (cause) {
				throw new RtcError('ERR_CREATE_OFFER', { cause });
			}
			const offer = await gather();
			setState('waiting');
			return offer;
		},
		async acceptOffer(offer) {
			try {
				await pc.setRemoteDescription(offer);
			} catch (cause) {
				throw new RtcError('ERR_SET_REMOTE_DESCRIPTION', { cause });
			}
			try {
				await setPassiveAnswer(pc);
			} catch (cause) {
				throw new RtcError('ERR_CREATE_ANSWER', { cause });
			}
			stopKeepalive = keepAnswererChecking(pc, offer);
			const answer = await gather();
			setState('waiting');
			return answer;
		},
		async acceptAnswer(answer) {
			if (everConnected) throw new RtcError('ERR_ALREADY_CONNECTED');
			if (pc.signalingState !== 'have-local-offer') throw new RtcError('ERR_WRONG_STATE');
			try {
				await pc.setRemoteDescription(answer);
			} catch (cause) {
				throw new RtcError('ERR_SET_REMOTE_DESCRIPTION', { cause });
			}
			performance.mark('qrcall:answer-applied');
			setState('connecting');
			// Stage two starts now, not when the channel opens: the media offer is ready the moment it is. It is
			// made here rather than in negotiationneeded, a task that a busy main thread (the call screen being
			// drawn) delays by up to ~90 ms on a slow phone, while this SLD runs beside that work.
			for (const kind of ['audio', 'video'] as const) {
				const track = tracks[kind];
				pc.addTransceiver(track ?? kind, { direction: track ? 'sendrecv' : 'recvonly' });
			}
			void negotiate();
		},
		async setTracks(next) {
			tracks = next;
			await attachTracks();
		},
		async shareScreen(track) {
			if (track && screenTransceiver) return screenTransceiver.sender.replaceTrack(track);
			if (track) screenTransceiver = pc.addTransceiver(track, { direction: 'sendonly' });
			else if (screenTransceiver && !closed) {
				screenTransceiver.stop();
				screenTransceiver = null;
			}
		},
		sendMediaState(media) {
			send({ t: 'media', mic: media.mic, camera: media.camera });
		},
		send,
		createChannel(label, init) {
			return pc.createDataChannel(label, init);
		},
		hangUp() {
			if (closed) return;
			if (dc.readyState === 'open') {
				send({ t: 'bye' });
				setTimeout(() => close('hangup'), byeFlushMs);
			} else close('hangup');
		},
		destroy(reason = 'replaced') {
			close(reason);
		},
		getStats() {
			return pc.getStats();
		},
		getDescriptions() {
			return {
				local: pc.currentLocalDescription?.sdp ?? null,
				remote: pc.currentRemoteDescription?.sdp ?? null
			};
		}
	};
}
