// The one owner of the call's RTCPeerConnection (trystero style): stage one (the data-channel bootstrap that
// travels as a code), stage two (audio/video negotiated over that data channel with the perfect-negotiation
// pattern), connection-state policy and the single idempotent close path.
import { adaptSenders } from './adapt';
import { RtcError } from './errors';
import { candidateCount, gatherTimeoutMs, gatherWithTimeout, hostOnlyTimeoutMs } from './gather';
import { keepAnswererChecking, setPassiveAnswer } from './keepalive';
import { probeChannelInit, watchLink } from './liveness';
import type { CloseReason, Peer, PeerOptions, PeerState } from './peer-types';
import { parseMessage, type PeerMessage } from './protocol';
import { createRestartPolicy, currentUfrag, restartsAfterFailure } from './restart';
import { watchMoves } from './moved';
import { createMediaTracks } from './tracks';
import { sendKeyFrame, watchRemoteVideo } from './video-watch';

/**
 * A call whose link went down (Wi-Fi out of range, a lift) gets this long, from the first 'disconnected', to
 * come back before it is lost: an outage of 60 s is noticed ~5–8 s in and reconnects within ~2 s of its end.
 */
export const disconnectedGraceMs = 70_000;
/** A 'failed' before the first connection is often transient after a late answer (recovers in ~0.6 s). */
export const failedGraceMs = 15_000;
/** Time given to the hang-up message to leave before the connection closes. */
export const byeFlushMs = 250;
/** The bootstrap data channel: negotiated, so the code needs no stream information and no DCEP round trip. */
const channelInit: RTCDataChannelInit = { negotiated: true, id: 0, ordered: true };

export type {
	CloseReason,
	LocalTracks,
	Peer,
	PeerOptions,
	PeerState,
	RemoteMediaState,
	Role
} from './peer-types';

export function createPeer(options: PeerOptions): Peer {
	if (typeof RTCPeerConnection === 'undefined') throw new RtcError('ERR_WEBRTC_SUPPORT');
	const { role, ice, onState, onClose } = options;
	const pc = new RTCPeerConnection({ ...ice, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
	const dc = pc.createDataChannel('qrcall', channelInit);
	const probe = pc.createDataChannel('qrcall-probe', probeChannelInit);
	const outbox: string[] = [];
	let tracks = options.tracks;
	// Perfect negotiation: the joiner is polite, the caller is not.
	const polite = role === 'joiner';
	let makingOffer = false;
	/** From a setLocalDescription until its description is sent (see onicecandidate). */
	let describing = false;
	let ignoreOffer = false;
	let everConnected = false;
	let closed = false;
	let state: PeerState = 'new';
	let stopKeepalive: (() => Promise<void>) | undefined;
	const media = createMediaTracks(pc, options);
	const restart = createRestartPolicy(pc, {
		restarts: () => restartsAfterFailure(role, pc),
		everConnected: () => everConnected
	});

	/** What the other side last said of its camera: frames are expected only while it is on. */
	let remoteCamera = true;
	const stopVideoWatch = watchRemoteVideo(pc, {
		expected: () => pc.connectionState === 'connected' && remoteCamera,
		onPaused: (paused) => options.onRemoteVideoPaused?.(paused),
		requestKeyFrame: () => sendProbe({ t: 'keyframe' })
	});

	/** Both sides changed networks: only new codes help, so the call ends at once (./moved). */
	const moves = watchMoves(pc, {
		onMoved: () => restart.onMoved(),
		onStranded: () => close('moved')
	});

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
	/** Pings, pongs and key-frame requests: lost rather than queued while the link is down (./liveness). */
	const sendProbe = (message: PeerMessage) => {
		if (probe.readyState === 'open') probe.send(JSON.stringify(message));
	};

	const close = (reason: CloseReason) => {
		if (closed) return;
		closed = true;
		link.stop();
		restart.stop();
		moves.stop();
		stopVideoWatch();
		void stopKeepalive?.();
		dc.onclose = null;
		dc.close();
		probe.close();
		pc.close();
		setState('closed');
		onClose(reason);
	};

	/** While ICE is not connected: a data channel that still answers is a call that works (./liveness). */
	const link = watchLink({
		send: sendProbe,
		channelOpen: () => probe.readyState === 'open',
		onProbe: (alive) => everConnected && setState(alive ? 'connected' : 'reconnecting'),
		onLost: () => close('lost')
	});

	const currentLocal = () => {
		const local = pc.localDescription;
		if (!local) throw new RtcError('ERR_SET_LOCAL_DESCRIPTION');
		return { type: local.type, sdp: local.sdp };
	};

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
		await media.attach(tracks);
		await sendLocalDescription();
	};

	const handleMessage = async (message: PeerMessage) => {
		switch (message.t) {
			case 'sdp':
				await handleDescription(message.description);
				media.checkRemoteScreen();
				return;
			case 'ice':
				try {
					await pc.addIceCandidate(message.candidate);
				} catch (error) {
					if (!ignoreOffer) throw error;
				}
				return;
			case 'media':
				remoteCamera = message.camera;
				options.onRemoteMedia?.({ mic: message.mic, camera: message.camera });
				return;
			case 'keyframe':
				await sendKeyFrame(pc);
				return;
			case 'bye':
				close('remote-hangup');
				return;
			default:
				options.onMessage?.(message);
		}
	};

	/**
	 * setLocalDescription (an offer or the answer it implies) and sends it over the data channel, queued in the
	 * outbox until it opens. `keep` may withhold an offer (a restart that found no candidate); false then.
	 */
	const sendLocalDescription = async (keep?: () => Promise<boolean>) => {
		try {
			describing = true;
			await pc.setLocalDescription();
			if (keep && !(await keep())) return false;
			send({ t: 'sdp', description: currentLocal() });
			return true;
		} finally {
			describing = false;
		}
	};

	/** Perfect negotiation's offer side. */
	const negotiate = async () => {
		try {
			makingOffer = true;
			const ufragBefore = currentUfrag(pc);
			if (await sendLocalDescription(() => restart.keepOffer(ufragBefore))) {
				performance.mark('qrcall:offer-sent');
			}
		} catch (error) {
			console.error('qrcall: renegotiation failed', error);
		} finally {
			makingOffer = false;
		}
	};

	pc.onnegotiationneeded = () => {
		// Stage one is carried by the code, not by this handler.
		if (dc.readyState !== 'open' && !(role === 'caller' && pc.remoteDescription)) return;
		void negotiate();
	};

	pc.onicecandidate = ({ candidate }) => {
		// Stage-one candidates are in the code; later ones (ICE restart) go over the data channel. Those found
		// between a setLocalDescription and the sending of its description travel inside it: sent before it,
		// they would name ICE credentials the other side does not know yet, and it would reject them.
		if (candidate && dc.readyState === 'open' && !describing) {
			send({ t: 'ice', candidate: candidate.toJSON() });
		}
	};

	pc.ondatachannel = ({ channel }) => options.onDataChannel?.(channel);

	pc.ontrack = ({ track, transceiver }) => media.onTrack(track, transceiver);

	pc.onconnectionstatechange = () => {
		switch (pc.connectionState) {
			case 'connecting':
				if (!everConnected) setState('connecting');
				break;
			case 'connected':
				everConnected = true;
				link.stop();
				moves.connected();
				void stopKeepalive?.();
				setState('connected');
				break;
			case 'disconnected':
				setState(everConnected ? 'reconnecting' : 'connecting');
				link.start(disconnectedGraceMs);
				if (everConnected) moves.start();
				break;
			case 'failed':
				// Never final at once: a late answer may show one transient 'failed' before connecting.
				setState(everConnected ? 'reconnecting' : 'connecting');
				restart.onFailed();
				link.start(everConnected ? disconnectedGraceMs : failedGraceMs);
				if (everConnected) moves.start();
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
		// Pings and pongs skip the queue: a negotiation in progress must not make a live link look dead.
		if (!message || link.handle(message)) return;
		inbox = inbox
			.then(() => handleMessage(message))
			.catch((error: unknown) => console.error('qrcall: bad peer message', error));
	};
	dc.onclose = () => close('remote-left');
	probe.onmessage = (event) => dc.onmessage?.call(dc, event);

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
			await media.attach(tracks);
		},
		shareScreen: (track) => media.shareScreen(track),
		sendMediaState(state) {
			send({ t: 'media', mic: state.mic, camera: state.camera });
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
