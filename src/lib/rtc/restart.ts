// ICE restarts after a failure, negotiated over the data channel. Either side may start one (perfect
// negotiation settles a collision: the joiner yields). The policy lives here so that peer.ts keeps only the
// connection and its negotiation; peer.ts reports the connection states and asks before each offer.
import { candidateCount, firstCandidateWithin, hostOnlyTimeoutMs } from './gather';

/** While still 'failed', an ICE restart is asked again this often (fresh gathering finds a returned network). */
export const restartRetryMs = 4_000;

export interface RestartPolicy {
	/** 'failed' after having been connected: restart now, and again every restartRetryMs while still failed. */
	onFailed(): void;
	/** negotiationneeded: false while a rolled-back restart holds negotiation back until the next retry. */
	mayNegotiate(): boolean;
	/**
	 * After setLocalDescription of an offer: true when it may be sent. A restart offer that found no candidate
	 * is rolled back instead (false).
	 */
	keepOffer(ufragBefore: string | undefined): Promise<boolean>;
	stop(): void;
}

const ufragOf = (sdp: string | undefined) => /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1];

/** The ICE ufrag of the current local description, to tell afterwards whether an offer restarted ICE. */
export const currentUfrag = (pc: RTCPeerConnection) => ufragOf(pc.currentLocalDescription?.sdp);

export interface RestartOptions {
	/** Makes and sends an offer (peer.ts); called when a restart held back negotiation and the hold ends. */
	negotiate: () => void;
	/** Restarts only follow a failure after a first connection (before it, 'failed' is often transient). */
	everConnected: () => boolean;
}

export function createRestartPolicy(pc: RTCPeerConnection, options: RestartOptions): RestartPolicy {
	const { negotiate, everConnected } = options;
	let pausedUntil = 0;
	let deferred = false;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;

	/** Ends a hold after a rolled-back restart and makes the negotiation it held back. */
	const resume = () => {
		pausedUntil = 0;
		if (!deferred) return;
		deferred = false;
		negotiate();
	};

	const restartUntilConnected = () => {
		clearTimeout(retryTimer);
		if (pc.connectionState !== 'failed') return;
		// Not while a restart offer still awaits its answer: the browser would keep the request and restart
		// once more right after that answer, replacing the session just negotiated (seen with Firefox, whose
		// data channel then stalled).
		if (pc.signalingState === 'stable') {
			pc.restartIce();
			resume();
		}
		retryTimer = setTimeout(restartUntilConnected, restartRetryMs);
	};

	return {
		onFailed() {
			if (everConnected()) restartUntilConnected();
		},
		mayNegotiate() {
			if (Date.now() >= pausedUntil) return true;
			deferred = true;
			return false;
		},
		/**
		 * An ICE restart made while the network is down gathers nothing. Sent anyway, it leaves the other side a
		 * new ICE session with no candidate: Firefox then goes 'failed' at once, which closes its data channel
		 * and ends the call. So such an offer is rolled back (the old session stays, and comes back with the
		 * network); the restart is retried while failed and made again once connected.
		 */
		async keepOffer(ufragBefore) {
			const local = pc.localDescription?.sdp;
			if (!everConnected() || ufragOf(local) === ufragBefore) return true;
			if (await firstCandidateWithin(pc, hostOnlyTimeoutMs, candidateCount(local ?? ''))) return true;
			// Until the next retry the old session must keep answering the other side's checks: it is what
			// comes back first when the network does (a pending restart offer has replaced its credentials).
			pausedUntil = Date.now() + restartRetryMs;
			if (pc.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
			return false;
		},
		stop() {
			clearTimeout(retryTimer);
		}
	};
}
