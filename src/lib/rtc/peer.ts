// The one owner of the call's RTCPeerConnection (trystero style), built from small named parts that each act
// on the connection it hands them: stage one, the codes (./bootstrap); the control channel (./channel);
// stage two's negotiation (./negotiation); the connection-state policy (./connection-policy); ICE restarts
// (./restart, ./ice-handoff) and changed addresses (./moved); the media (./tracks), a stalled remote camera
// (./video-watch). Here: their wiring, the control channel's messages, and the single idempotent close path;
// what the rest of the app calls is in ./peer-surface.
import { adaptSenders } from './adapt';
import { createBootstrap } from './bootstrap';
import { createControlChannel, createProbeChannel } from './channel';
import { createConnectionPolicy } from './connection-policy';
import { RtcError } from './errors';
import { createHold } from './hold';
import { acceptIceParams } from './ice-handoff';
import { createNegotiation } from './negotiation';
import type { CloseReason, LocalTracks, Peer, PeerOptions } from './peer-types';
import { surface } from './peer-surface';
import type { PeerMessage } from './protocol';
import { watchMoves } from './moved';
import { ownTransportFailed, peerGaveUp, thisBrowser } from './outlasted';
import { urgentOrRelayedJoin } from './group/relay';
import { createRestartPolicy, restartInFlight, restartsAfterFailure } from './restart';
import { createStartSize } from './start-resolution';
import { createMediaTracks } from './tracks';
import { keyFrameAfterOutage, watchRemoteVideo } from './video-watch';

export { disconnectedGraceMs, failedGraceMs } from './connection-policy';

export type {
	CloseReason,
	LocalTracks,
	Peer,
	PeerOptions,
	PeerState,
	RemoteMediaState,
	Role
} from './peer-types';

/** The parts of one peer, each acting on the connection (see the top of this file). */
export interface Parts {
	pc: RTCPeerConnection;
	channel: ReturnType<typeof createControlChannel>;
	probe: ReturnType<typeof createProbeChannel>;
	media: ReturnType<typeof createMediaTracks>;
	policy: ReturnType<typeof createConnectionPolicy>;
	restart: ReturnType<typeof createRestartPolicy>;
	bootstrap: ReturnType<typeof createBootstrap>;
	negotiation: ReturnType<typeof createNegotiation>;
	moves: ReturnType<typeof watchMoves>;
	hold: ReturnType<typeof createHold>;
	stopVideoWatch: () => void;
	startSize: ReturnType<typeof createStartSize>;
}

/** What changes during the call: the local tracks (device switches) and whether it is over. */
export interface Local {
	tracks: LocalTracks;
	closed: boolean;
	/** What the other side last said of its camera: frames are expected only while it is on. */
	remoteCamera: boolean;
	/** How many people our camera goes to in all (a group call): its share of the upstream (./adapt). */
	receivers: number;
}

export function createPeer(options: PeerOptions): Peer {
	if (typeof RTCPeerConnection === 'undefined') throw new RtcError('ERR_WEBRTC_SUPPORT');
	const { ice } = options;
	const pc = new RTCPeerConnection({ ...ice, bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
	const local: Local = { tracks: options.tracks, closed: false, remoteCamera: true, receivers: 1 };
	const parts = createParts(pc, options, local, (reason) => close(reason));

	const close = (why: CloseReason) => {
		if (local.closed) return;
		local.closed = true;
		// A call that never connected was not lost: it could not connect (a distinct screen, ./diagnose).
		const dropped = why === 'lost' || why === 'expired' || why === 'grace';
		const reason = dropped && !parts.policy.everConnected() ? 'unreachable' : why;
		parts.policy.stop();
		parts.restart.stop();
		parts.moves.stop();
		parts.hold.stop();
		parts.stopVideoWatch();
		parts.startSize.stop();
		parts.negotiation.stop();
		void parts.bootstrap.stopKeepalive();
		parts.channel.close();
		parts.probe.close();
		pc.close();
		parts.policy.setState('closed');
		options.onClose(reason);
	};

	listen(parts, options, local, close);
	return surface(parts, options.role, local, close);
}

function createParts(
	pc: RTCPeerConnection,
	options: PeerOptions,
	local: Local,
	close: (reason: CloseReason) => void
): Parts {
	const { role } = options;
	const channel = createControlChannel(pc);
	const probe = createProbeChannel(pc);
	const media = createMediaTracks(pc, options);
	const policy = createConnectionPolicy(pc, {
		send: probe.send,
		channelOpen: probe.isOpen,
		onState: (state) => {
			options.onState(state);
			hold.check();
		},
		onConnected: () => {
			void bootstrap.stopKeepalive();
			moves.connected();
			startSize.start();
		},
		// Back from an outage, nothing to decode from: each side sends a key frame and asks for one (./video-watch).
		onBack: () => {
			keyFrameAfterOutage(pc);
			probe.send({ t: 'keyframe' });
		},
		onFailed: () => restart.onFailed(),
		onDown: () => moves.start(),
		peerGaveUp: (silentMs) => peerGaveUp(silentMs, channel.peerBrowser()),
		onLost: (why) => close(why)
	});
	const restart = createRestartPolicy(pc, {
		restarts: () => restartsAfterFailure(role),
		everConnected: policy.everConnected,
		sideRoute: options.relayRestart
	});
	// Both sides changed networks: only new codes help, so the call ends at once (./moved).
	const moves = watchMoves(pc, { onMoved: () => restart.onMoved(), onStranded: () => close('moved') });
	// The link carries user messages (./hold) once the call is connected again (ICE, or the pings answered)
	// and no ICE restart is in flight: the caller's restart offer and its answer cross first.
	const hold = createHold({
		up: () => policy.state() === 'connected' && !restartInFlight(pc),
		send: channel.send
	});
	const stopVideoWatch = watchRemoteVideo(pc, {
		expected: () => pc.connectionState === 'connected' && local.remoteCamera,
		onStall: (stall) => options.onRemoteVideoStall?.(stall),
		requestKeyFrame: () => probe.send({ t: 'keyframe' })
	});
	// The camera's first frames at its start size, full size once the link affords it (./start-resolution).
	const startSize = createStartSize(pc, () => {
		if (!local.closed && pc.signalingState === 'stable') void adaptSenders(pc, local.receivers);
	});
	const bootstrap = createBootstrap(pc, {
		ice: options.ice,
		setState: policy.setState,
		isClosed: () => local.closed,
		everConnected: policy.everConnected,
		startDeadline: policy.startDeadline,
		tracks: () => local.tracks,
		offerEarly: () => negotiation.offerEarly(),
		attachTracks: () => media.attach(local.tracks),
		mediaNegotiated: () => negotiation.mediaNegotiated(),
		onLocalUpdate: options.onLocalUpdate
	});
	const negotiation = createNegotiation(pc, {
		role,
		send: channel.send,
		channelOpen: channel.isOpen,
		media,
		tracks: () => local.tracks,
		restart,
		stopKeepalive: bootstrap.stopKeepalive,
		besideKeepalive: bootstrap.besideKeepalive,
		// Before the description that starts the senders: the camera's first frame goes at its start size.
		tuneSenders: async () => {
			if (startSize.starting) await adaptSenders(pc, local.receivers, true);
		},
		onFailure: (error) => mediaFailed(options, error),
		onNegotiated: () => options.onMediaNegotiated?.()
	});
	return {
		pc,
		channel,
		probe,
		media,
		policy,
		restart,
		bootstrap,
		negotiation,
		moves,
		hold,
		stopVideoWatch,
		startSize
	};
}

/** The connection's and the control channel's events. */
function listen(parts: Parts, options: PeerOptions, local: Local, close: (reason: CloseReason) => void) {
	const { pc, channel, probe, media, policy, negotiation, bootstrap, startSize } = parts;

	/** The control channel's messages other than pings and pongs, one at a time (./channel). */
	const handleMessage = async (message: PeerMessage) => {
		switch (message.t) {
			case 'sdp':
				await negotiation.handleDescription(message.description);
				media.checkRemoteScreen();
				return;
			case 'ice':
				return negotiation.addCandidate(message.candidate);
			case 'ice-params':
				return acceptIceParams(pc, message);
			case 'media':
				local.remoteCamera = message.camera;
				return options.onRemoteMedia?.({ mic: message.mic, camera: message.camera });
			case 'renegotiate':
				return negotiation.retry();
			case 'bye':
				return close('remote-hangup');
			default:
				if (message.t === 'hello') negotiation.helloFrom(message.v);
				options.onMessage?.(message);
		}
	};

	channel.listen({
		onOpen: () => {
			performance.mark('qrcall:channel-open');
			// The channel carries every negotiation from here; the keep-alive must not race the media offer.
			void bootstrap.stopKeepalive();
			negotiation.channelOpened();
		},
		// Pings and pongs, and the relayed joins of other pairs (./group/relay).
		onUrgent: urgentOrRelayedJoin(policy.link.handle, (message) => options.onMessage?.(message)),
		onMessage: handleMessage,
		onMessageError: (error) => mediaFailed(options, error),
		// Not a departure when this side's own transport failed under the channel: Firefox 153 fails ICE at its
		// 30 s consent expiry (RFC 7675) in an outage, and with it DTLS and SCTP, closing every channel at once.
		onClose: () =>
			close(pc.sctp?.transport.state === 'failed' ? ownTransportFailed(thisBrowser()) : 'remote-left')
	});
	probe.listen((message) => {
		if (policy.link.handle(message)) return;
		if (message.t === 'keyframe') keyFrameAfterOutage(pc);
	});
	pc.ondatachannel = ({ channel }) => options.onDataChannel?.(channel);
	pc.ontrack = ({ track, transceiver }) => media.onTrack(track, transceiver);
	/**
	 * Each completed negotiation: video yields to a slow link before audio does (./adapt). A task later: this
	 * event comes before setLocalDescription resolves, and getParameters blocks on the WebRTC thread (0.5–20 ms
	 * at load ~25), which held back the answer being sent.
	 */
	pc.addEventListener('signalingstatechange', () => {
		if (pc.signalingState !== 'stable' || local.closed) return;
		parts.hold.check();
		setTimeout(() => void (local.closed || adaptSenders(pc, local.receivers, startSize.starting)));
		options.onMediaSetup?.(true);
	});
}

/** Stage two failed: logged for whoever debugs it, and shown to the user (with Retry) through the session. */
function mediaFailed(options: PeerOptions, error: unknown) {
	console.warn('qrcall: stage two failed', error);
	options.onMediaSetup?.(false, error);
}
