// Stage one: the data-channel offer and answer that travel as codes. The code goes on screen as soon as host
// candidates exist (a LAN with no internet must not wait for a STUN server that cannot answer); server-
// reflexive/relay candidates that arrive within gatherTimeoutMs then update it once through onLocalUpdate.
import { failureText, silentRelay } from './diagnose';
import { RtcError } from './errors';
import { candidateCount, gatherTimeoutMs, gatherWithTimeout, hostOnlyTimeoutMs } from './gather';
import type { IceConfig } from './ice-servers';
import { keepAnswererChecking, setPassiveAnswer } from './keepalive';
import { currentLocal } from './negotiation';
import type { LocalTracks, Peer, PeerState } from './peer-types';

export interface BootstrapOptions {
	ice: IceConfig;
	setState: (state: PeerState) => void;
	isClosed: () => boolean;
	everConnected: () => boolean;
	/** The answer was applied: the connection's deadline starts (./connection-policy). */
	startDeadline: () => void;
	/** The local tracks as they are now: the caller's media offer carries them. */
	tracks: () => LocalTracks;
	/** Stage two's first offer, made the moment the answer is applied. */
	negotiate: () => void;
	onLocalUpdate?: (description: RTCSessionDescriptionInit) => void;
}

export type Bootstrap = Pick<Peer, 'createOffer' | 'acceptOffer' | 'acceptAnswer'> & {
	/** Resolves once the answerer's keep-alive no longer touches the descriptions (./keepalive). */
	stopKeepalive(): Promise<void>;
};

export function createBootstrap(pc: RTCPeerConnection, options: BootstrapOptions): Bootstrap {
	const { setState } = options;
	let stopKeepalive: (() => Promise<void>) | undefined;

	const gather = () => gatherCode(pc, options);

	return {
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
			if (options.everConnected()) throw new RtcError('ERR_ALREADY_CONNECTED');
			if (pc.signalingState !== 'have-local-offer') throw new RtcError('ERR_WRONG_STATE');
			try {
				await pc.setRemoteDescription(answer);
			} catch (cause) {
				throw new RtcError('ERR_SET_REMOTE_DESCRIPTION', { cause });
			}
			performance.mark('qrcall:answer-applied');
			setState('connecting');
			options.startDeadline();
			// Stage two starts now, not when the channel opens: the media offer is ready the moment it is. It is
			// made here rather than in negotiationneeded, a task that a busy main thread (the call screen being
			// drawn) delays by up to ~90 ms on a slow phone, while this SLD runs beside that work.
			for (const kind of ['audio', 'video'] as const) {
				const track = options.tracks()[kind];
				pc.addTransceiver(track ?? kind, { direction: track ? 'sendrecv' : 'recvonly' });
			}
			options.negotiate();
		},
		stopKeepalive: async () => {
			await stopKeepalive?.();
		}
	};
}

/** Waits for host candidates, then lets server candidates update the code once (see the top of this file). */
async function gatherCode(pc: RTCPeerConnection, options: BootstrapOptions) {
	await gatherWithTimeout(pc, hostOnlyTimeoutMs);
	const first = currentLocal(pc);
	if (candidateCount(first.sdp) === 0) {
		// Relay only and nothing gathered: the TURN server did not answer, and the message names it.
		const relay = silentRelay(options.ice);
		if (relay) throw new RtcError('ERR_RELAY_SILENT', { message: failureText(relay) });
		throw new RtcError('ERR_NO_CANDIDATES');
	}
	if (options.ice.iceServers.length > 0 && pc.iceGatheringState !== 'complete') {
		void gatherWithTimeout(pc, gatherTimeoutMs).then(() => {
			const later = pc.localDescription;
			if (!options.isClosed() && later && candidateCount(later.sdp) > candidateCount(first.sdp)) {
				options.onLocalUpdate?.({ type: later.type, sdp: later.sdp });
			}
		});
	}
	return first;
}
