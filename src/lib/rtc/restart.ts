// ICE restarts after a failure, negotiated over the data channel. Either side may start one (perfect
// negotiation settles a collision: the joiner yields), with one exception: restartsAfterFailure. The policy
// lives here so that peer.ts keeps only the connection and its negotiation; peer.ts reports the connection
// states and asks before each offer.
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

/**
 * Both sides restart ICE after a failure, except a joiner whose caller is Firefox.
 * HACK: restarts that a Chromium 156 joiner offered to a Firefox 153 caller after a 20 s outage left Firefox
 * 'checking' on the new session, or Firefox failed it ~5 s later and closed its data channel, ending the call;
 * fresh candidates did not help (no bug on file found). Firefox keeps checking the old session until its 30 s
 * consent expiry, so without the joiner's restart the same outage came back on it, 13 runs of 13. Two Chromiums
 * each need their own restart: Chromium stops checking pairs that timed out, and only a restart's new local
 * candidates check the other side again (with the caller's restart alone, the joiner never reconnected).
 * Firefox is told by the ICE password it makes, 32 hex digits (Chromium's: 24 base64 characters); the o= line
 * would not do, as Chromium rewrites it in the remote descriptions it holds.
 */
export const restartsAfterFailure = (role: 'caller' | 'joiner', pc: RTCPeerConnection) =>
	role === 'caller' || !/^a=ice-pwd:[0-9a-f]{32}\r?$/m.test(pc.currentRemoteDescription?.sdp ?? '');

const ufragOf = (sdp: string | undefined) => /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1];

/** The ICE ufrag of the current local description, to tell afterwards whether an offer restarted ICE. */
export const currentUfrag = (pc: RTCPeerConnection) => ufragOf(pc.currentLocalDescription?.sdp);

export interface RestartOptions {
	/** Whether this side restarts at all (restartsAfterFailure). */
	restarts: () => boolean;
	/** Makes and sends an offer (peer.ts); called when a restart held back negotiation and the hold ends. */
	negotiate: () => void;
	/** Restarts only follow a failure after a first connection (before it, 'failed' is often transient). */
	everConnected: () => boolean;
}

export function createRestartPolicy(pc: RTCPeerConnection, options: RestartOptions): RestartPolicy {
	const { restarts, negotiate, everConnected } = options;
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
			if (restarts() && everConnected()) restartUntilConnected();
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
