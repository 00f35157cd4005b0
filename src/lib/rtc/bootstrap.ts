// Stage one: the data-channel offer and answer that travel as codes. The code goes on screen as soon as host
// candidates exist (a LAN with no internet must not wait for a STUN server that cannot answer); server-
// reflexive/relay candidates that arrive within gatherTimeoutMs then update it once through onLocalUpdate.
// A relayed group join of version 7 has no code: its description goes at the first candidate and the rest
// trickle (./join-trickle).
import { failureText, silentRelay } from './diagnose';
import { RtcError } from './errors';
import {
	candidateCount,
	firstCandidateMaxMs,
	gatherTimeoutMs,
	gatherWithTimeout,
	hostOnlyTimeoutMs
} from './gather';
import type { IceConfig } from './ice-servers';
import { candidateInbox, trickleOut, type TrickleOut } from './join-trickle';
import { keepAnswererChecking, setPassiveAnswer, type Keepalive } from './keepalive';
import { currentLocal } from './negotiation';
import type { LocalTracks, Peer, PeerState, Trickle } from './peer-types';

export interface BootstrapOptions {
	ice: IceConfig;
	setState: (state: PeerState) => void;
	isClosed: () => boolean;
	everConnected: () => boolean;
	/** The answer was applied: the connection's deadline starts (./connection-policy). */
	startDeadline: () => void;
	/** The local tracks as they are now: a relayed group join's offer carries them. */
	tracks: () => LocalTracks;
	/**
	 * Joiner: stage two's audio/video offer, made once its answer code is final (the caller takes seconds to
	 * scan it) and sent the moment the channel opens (./early-offer).
	 */
	offerEarly: () => Promise<void>;
	/** Puts the local tracks on the transceivers a remote offer made (../tracks). */
	attachTracks: () => Promise<void>;
	/** The bootstrap itself negotiated audio/video (a code's media record, a relayed group join): no stage two. */
	mediaNegotiated: () => void;
	onLocalUpdate?: (description: RTCSessionDescriptionInit) => void;
}

export type Bootstrap = Pick<Peer, 'createOffer' | 'acceptOffer' | 'acceptAnswer' | 'addRelayedCandidate'> & {
	/** Resolves once the answerer's keep-alive no longer touches the descriptions (./keepalive). */
	stopKeepalive(): Promise<void>;
	/** Runs `task` between the keep-alive's re-applies (at once when there is none). */
	besideKeepalive<T>(task: () => Promise<T>): Promise<T>;
};

/**
 * Whether an SDP has audio or video sections it does not reject (port 0): a relayed group join of version 6
 * (./group/introductions), or a code with the media record (docs/signal-format.md §3.2).
 */
export const carriesMedia = (sdp: string | undefined) => /^m=(audio|video) [1-9]/m.test(sdp ?? '');

/** An audio and a video transceiver, each with the local track (recvonly without one). */
function addMediaTransceivers(pc: RTCPeerConnection, tracks: LocalTracks): void {
	for (const kind of ['audio', 'video'] as const) {
		const track = tracks[kind];
		pc.addTransceiver(track ?? kind, { direction: track ? 'sendrecv' : 'recvonly' });
	}
}

export function createBootstrap(pc: RTCPeerConnection, options: BootstrapOptions): Bootstrap {
	const { setState } = options;
	let keepalive: Keepalive | undefined;
	/** Audio/video went with the bootstrap's offer: applying the answer ends the negotiation. */
	let withMedia = false;
	const inbox = candidateInbox(pc);

	const gather = (out?: TrickleOut) => gatherCode(pc, options, out);

	return {
		async createOffer(media = false, trickle?: Trickle) {
			const out = trickle && trickleOut(pc, trickle);
			try {
				// A code (its media record) or a relayed join to a member that takes it (version 6): media flows
				// once DTLS is up, with no stage two.
				if (media) addMediaTransceivers(pc, options.tracks());
				withMedia = media;
				await pc.setLocalDescription();
			} catch (cause) {
				out?.stop();
				throw new RtcError('ERR_CREATE_OFFER', { cause });
			}
			const { code } = await gather(out);
			setState('waiting');
			return code;
		},
		async acceptOffer(offer, trickle?: Trickle) {
			try {
				await pc.setRemoteDescription(offer);
			} catch (cause) {
				throw new RtcError('ERR_SET_REMOTE_DESCRIPTION', { cause });
			}
			inbox.flush();
			const out = trickle && trickleOut(pc, trickle);
			const withMediaToo = carriesMedia(offer.sdp);
			if (withMediaToo) {
				// Our tracks ride on the offer's transceivers: the answer sends media, as stage two's would.
				await options.attachTracks();
				options.mediaNegotiated();
			}
			try {
				await setPassiveAnswer(pc);
			} catch (cause) {
				out?.stop();
				throw new RtcError('ERR_CREATE_ANSWER', { cause });
			}
			keepalive = keepAnswererChecking(pc, offer);
			const { code, final } = await gather(out);
			setState('waiting');
			// After the code's update, which reads the answer as the current local description; none when the
			// offer already set audio/video up.
			void final.then(() => {
				if (!options.isClosed() && !withMediaToo) return options.offerEarly();
			});
			return code;
		},
		async acceptAnswer(answer) {
			if (options.everConnected()) throw new RtcError('ERR_ALREADY_CONNECTED');
			if (pc.signalingState !== 'have-local-offer') throw new RtcError('ERR_WRONG_STATE');
			try {
				await pc.setRemoteDescription(answer);
			} catch (cause) {
				throw new RtcError('ERR_SET_REMOTE_DESCRIPTION', { cause });
			}
			inbox.flush();
			performance.mark('qrcall:answer-applied');
			setState('connecting');
			options.startDeadline();
			// An offer that carried audio/video, answered with it, is complete: media flows once DTLS is up.
			// Otherwise (a joiner that rejected it: another stack) stage two needs nothing more from the caller
			// now: the joiner's audio/video offer comes as the channel opens (./early-offer), or the caller offers.
			if (withMedia && carriesMedia(answer.sdp)) {
				performance.mark('qrcall:media-answer');
				options.mediaNegotiated();
			}
		},
		addRelayedCandidate: (candidate) => inbox.add(candidate),
		stopKeepalive: async () => {
			await keepalive?.stop();
		},
		besideKeepalive: (task) => (keepalive ? keepalive.exclusive(task) : task())
	};
}

/**
 * Waits for host candidates, then lets server candidates update the code once (see the top of this file).
 * `final` settles once the code can change no more. With `out` (a trickled join): the description as soon as
 * it has a candidate, the others trickling from there.
 */
async function gatherCode(
	pc: RTCPeerConnection,
	options: BootstrapOptions,
	out?: TrickleOut
): Promise<{ code: RTCSessionDescriptionInit; final: Promise<void> }> {
	await (out ? out.first(firstCandidateMaxMs) : gatherWithTimeout(pc, hostOnlyTimeoutMs));
	const first = currentLocal(pc);
	if (candidateCount(first.sdp) === 0 && !out?.found()) {
		out?.stop();
		// Relay only and nothing gathered: the TURN server did not answer, and the message names it.
		const relay = silentRelay(options.ice);
		if (relay) throw new RtcError('ERR_RELAY_SILENT', { message: failureText(relay) });
		throw new RtcError('ERR_NO_CANDIDATES');
	}
	out?.described(first.sdp);
	if (out || options.ice.iceServers.length === 0 || pc.iceGatheringState === 'complete') {
		return { code: first, final: Promise.resolve() };
	}
	const final = gatherWithTimeout(pc, gatherTimeoutMs).then(() => {
		const later = pc.localDescription;
		if (!options.isClosed() && later && candidateCount(later.sdp) > candidateCount(first.sdp)) {
			options.onLocalUpdate?.({ type: later.type, sdp: later.sdp });
		}
	});
	return { code: first, final };
}
