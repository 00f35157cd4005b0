// Stage one: the data-channel offer and answer that travel as codes. The code goes on screen as soon as host
// candidates exist (a LAN with no internet must not wait for a STUN server that cannot answer); server-
// reflexive/relay candidates that arrive within gatherTimeoutMs then update it once through onLocalUpdate.
import { failureText, silentRelay } from './diagnose';
import { RtcError } from './errors';
import { candidateCount, gatherTimeoutMs, gatherWithTimeout, hostOnlyTimeoutMs } from './gather';
import type { IceConfig } from './ice-servers';
import { keepAnswererChecking, setPassiveAnswer, type Keepalive } from './keepalive';
import { currentLocal } from './negotiation';
import type { Peer, PeerState } from './peer-types';

export interface BootstrapOptions {
	ice: IceConfig;
	setState: (state: PeerState) => void;
	isClosed: () => boolean;
	everConnected: () => boolean;
	/** The answer was applied: the connection's deadline starts (./connection-policy). */
	startDeadline: () => void;
	/**
	 * Joiner: stage two's audio/video offer, made once its answer code is final (the caller takes seconds to
	 * scan it) and sent the moment the channel opens (./early-offer).
	 */
	offerEarly: () => Promise<void>;
	onLocalUpdate?: (description: RTCSessionDescriptionInit) => void;
}

export type Bootstrap = Pick<Peer, 'createOffer' | 'acceptOffer' | 'acceptAnswer'> & {
	/** Resolves once the answerer's keep-alive no longer touches the descriptions (./keepalive). */
	stopKeepalive(): Promise<void>;
	/** Runs `task` between the keep-alive's re-applies (at once when there is none). */
	besideKeepalive<T>(task: () => Promise<T>): Promise<T>;
};

export function createBootstrap(pc: RTCPeerConnection, options: BootstrapOptions): Bootstrap {
	const { setState } = options;
	let keepalive: Keepalive | undefined;

	const gather = () => gatherCode(pc, options);

	return {
		async createOffer() {
			try {
				await pc.setLocalDescription();
			} catch (cause) {
				throw new RtcError('ERR_CREATE_OFFER', { cause });
			}
			const { code } = await gather();
			setState('waiting');
			return code;
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
			keepalive = keepAnswererChecking(pc, offer);
			const { code, final } = await gather();
			setState('waiting');
			// After the code's update, which reads the answer as the current local description.
			void final.then(() => {
				if (!options.isClosed()) return options.offerEarly();
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
			performance.mark('qrcall:answer-applied');
			setState('connecting');
			options.startDeadline();
			// Stage two needs nothing more from the caller now: the joiner's audio/video offer, made while this
			// answer was being scanned, comes as the channel opens (./early-offer).
		},
		stopKeepalive: async () => {
			await keepalive?.stop();
		},
		besideKeepalive: (task) => (keepalive ? keepalive.exclusive(task) : task())
	};
}

/**
 * Waits for host candidates, then lets server candidates update the code once (see the top of this file).
 * `final` settles once the code can change no more.
 */
async function gatherCode(
	pc: RTCPeerConnection,
	options: BootstrapOptions
): Promise<{ code: RTCSessionDescriptionInit; final: Promise<void> }> {
	await gatherWithTimeout(pc, hostOnlyTimeoutMs);
	const first = currentLocal(pc);
	if (candidateCount(first.sdp) === 0) {
		// Relay only and nothing gathered: the TURN server did not answer, and the message names it.
		const relay = silentRelay(options.ice);
		if (relay) throw new RtcError('ERR_RELAY_SILENT', { message: failureText(relay) });
		throw new RtcError('ERR_NO_CANDIDATES');
	}
	if (options.ice.iceServers.length === 0 || pc.iceGatheringState === 'complete') {
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
