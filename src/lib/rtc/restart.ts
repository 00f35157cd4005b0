// ICE restarts after a failure, negotiated over the data channel. Either side may start one (perfect
// negotiation settles a collision), but after a failure only the caller does: restartsAfterFailure. The policy
// lives here so that peer.ts keeps only the connection and its negotiation; peer.ts reports the connection
// states and asks before each offer. In a group, a restart offer held while the pair's link is down also goes
// through the other members (the side route, group/restarts), whose answer ends the hold.
import { candidateCount, firstCandidateWithin, gatherTimeoutMs, hostOnlyTimeoutMs } from './gather';
import { ufragOf } from './ice-handoff';
import type { RelayedDescription } from './peer-types';
import { renewChecks } from './renew-checks';

/** While still 'failed', an ICE restart is asked again this often (fresh gathering finds a returned network). */
export const restartRetryMs = 4_000;
/** How often a restart offer held back during an outage is checked for the connection's return. */
export const holdPollMs = 200;
/**
 * While 'failed', a side that leaves restarts to the other renews its checks of the other side's candidates
 * this often (./renew-checks). Why: a Firefox 153 caller is still 'disconnected', not 'failed', 20 s into an
 * outage, so it does not restart, and Chromium's joiner failed at ~15 s and dropped every pair. With the path
 * between them dropped for 20 s (netns ladder), the call came back only at Firefox's next consent check (every
 * 4–6 s, RFC 7675): audio 3.6 s after the return; with renewed checks 0.2–0.5 s. A check into a dead link
 * costs one small packet per candidate, and none is added while a pair is still checking.
 */
export const recheckEveryMs = 1_000;

export interface RestartPolicy {
	/**
	 * 'failed' after having been connected: restart now, and again every restartRetryMs until connected; a
	 * side that leaves restarts to the other renews its checks instead, every recheckEveryMs until connected.
	 */
	onFailed(): void;
	/** This side's address changed (./moved): restart now, and again every restartRetryMs until connected. */
	onMoved(): void;
	/**
	 * After setLocalDescription of an offer: true when it may be sent. A restart offer is held until the
	 * connection is back (and then sent, true), made afresh every restartRetryMs while it is not, and dropped
	 * (false) when the other side's offer replaced it or the call ended.
	 */
	keepOffer(ufragBefore: string | undefined): Promise<boolean>;
	/** Whether an answer that came through the side route answers the offer pending now (the last relayed). */
	awaitsRelayedAnswer(): boolean;
	stop(): void;
}

/**
 * After a failure only the caller restarts ICE; the joiner answers its restart. A restart prunes the ICE
 * ports the other side knows, and after the link returns each side can only check the addresses and
 * credentials it was told before the outage. Traced in the 60 s ladder (Chromium 156, both sides restarting):
 * a pruned port whose connections had gone answered no more ~45 s after ICE failed, so at the return neither
 * side's old port answered (no way back), or one did and the call came back one way only: the side that
 * answered learned the other's new ufrag from its checks but not the password to check back with, and the
 * restart offer, the one message that would tell it, could not cross SCTP without acknowledgements (1 run of
 * 5 came back). A joiner that never restarts keeps the port the caller's restart checks reach; its answers
 * make the caller writable, and the restart offer crosses that one-way path (small enough since ./channel
 * compresses it; ./liveness sends nothing into a dead link that would shrink SCTP's window). With a Firefox
 * caller the joiner also had to leave restarts to it (a Chromium joiner's restart offered to a Firefox 153
 * caller left Firefox 'checking' or failing its data channel).
 * The restart offer the caller sets while the link is down is needed there, not a hazard (20 s ladder,
 * session 6): both ends lose carrier at the cut, Chromium prunes every ICE port, and it gathers none again
 * until an ICE restart. A caller that only renewed its checks of the old session, as the joiner does, had no
 * candidate pair on either side through the outage nor 20 s after the return (video never back). Nor does a
 * rollback undo a restart: Chromium 156 kept the candidates gathered under the rolled-back offer's ufrag,
 * gathered none under the old one, and its next offer restarted again. What made the 20 s and 45 s cases
 * race was a key-frame request sent into the dead link just before ICE noticed it (./video-watch
 * arrivalWithinMs): SCTP then held the restart offer back on the one-way link and closed the call.
 */
export const restartsAfterFailure = (role: 'caller' | 'joiner') => role === 'caller';

/** The ICE ufrag of the current local description, to tell afterwards whether an offer restarted ICE. */
export const currentUfrag = (pc: RTCPeerConnection) => ufragOf(pc.currentLocalDescription?.sdp);

/**
 * An ICE restart is under way: a pending description (ours: held during the outage or awaiting its answer;
 * theirs: being answered) changes the ICE credentials of the current one.
 */
export const restartInFlight = (pc: RTCPeerConnection) =>
	pc.signalingState !== 'stable' &&
	[
		[pc.pendingLocalDescription, pc.currentLocalDescription],
		[pc.pendingRemoteDescription, pc.currentRemoteDescription]
	].some(([pending, current]) => pending && ufragOf(pending.sdp) !== ufragOf(current?.sdp));

export interface RestartOptions {
	/** Whether this side restarts at all (restartsAfterFailure). */
	restarts: () => boolean;
	/** Restarts only follow a failure after a first connection (before it, 'failed' is often transient). */
	everConnected: () => boolean;
	/**
	 * A group call's other route for a restart offer while this pair's own link is down: through the members
	 * connected to both ends (group/restarts). False when nobody could carry it.
	 */
	sideRoute?: (offer: RelayedDescription) => boolean;
}

/** Whether `done` comes true within `ms` (polled); false at once once `stopped` says so. */
async function within(ms: number, done: () => boolean, stopped: () => boolean) {
	for (const end = Date.now() + ms; Date.now() < end && !stopped();) {
		if (done()) return true;
		await new Promise((resolve) => setTimeout(resolve, holdPollMs));
	}
	return done();
}

/**
 * Sends the offer just set through the side route when the pair's own link is down and the offer has a
 * candidate; returns its ufrag then (its answer comes back the same way), else undefined.
 */
function relayOffer(pc: RTCPeerConnection, sideRoute: RestartOptions['sideRoute']): string | undefined {
	const offer = pc.localDescription;
	if (!sideRoute || !offer || pc.connectionState === 'connected' || candidateCount(offer.sdp) === 0) return;
	return sideRoute({ type: 'offer', sdp: offer.sdp }) ? ufragOf(offer.sdp) : undefined;
}

/**
 * Holds the restart offer just set until the connection is back; false when it must not be sent. In a group
 * it goes through other members meanwhile (`relayed` holds its ufrag): answered that way, it is done (false);
 * unanswered after restartRetryMs (its relays left), a fresh offer replaces it.
 */
async function holdOffer(
	pc: RTCPeerConnection,
	stopped: () => boolean,
	relayed: { ufrag?: string },
	sideRoute: RestartOptions['sideRoute']
): Promise<boolean> {
	for (;;) {
		const ufrag = ufragOf(pc.localDescription?.sdp);
		// Replaced meanwhile by the other side's offer (perfect negotiation's rollback), answered through the
		// side route, or the call ended.
		const mine = () =>
			pc.signalingState === 'have-local-offer' && ufragOf(pc.localDescription?.sdp) === ufrag;
		await firstCandidateWithin(pc, hostOnlyTimeoutMs, candidateCount(pc.localDescription?.sdp ?? ''));
		relayed.ufrag = relayOffer(pc, sideRoute);
		const up = await within(
			restartRetryMs,
			() => !mine() || (!relayed.ufrag && pc.connectionState === 'connected'),
			stopped
		);
		if (stopped() || !mine()) return false;
		// Candidates found so far are in the description (the icecandidate events may have come first).
		const found = () => candidateCount(pc.localDescription?.sdp ?? '');
		if (up && (found() > 0 || (await firstCandidateWithin(pc, gatherTimeoutMs, found())))) return true;
		// Down still, back with an offer that has no candidate, or a relayed offer left unanswered: a fresh
		// restart offer in its place (SLD again in have-local-offer, no rollback: a Chromium joiner that rolled
		// back lost its video until the next negotiation completed, up to 10 s after the link returned).
		pc.restartIce();
		await pc.setLocalDescription();
	}
}

/** One round of renewed checks (./renew-checks), unless the previous one is still adding candidates. */
function renewRound(pc: RTCPeerConnection, renewal: { round: number; running: boolean }) {
	// Only the session both sides hold: once the other side's restart offer is in, its checks take over.
	const sdp = pc.signalingState === 'stable' ? pc.currentRemoteDescription?.sdp : undefined;
	if (!sdp || renewal.running) return;
	renewal.running = true;
	void renewChecks(pc, sdp, ++renewal.round)
		.catch((error: unknown) => console.warn('qrcall: renewing ICE checks failed', error))
		.finally(() => (renewal.running = false));
}

export function createRestartPolicy(pc: RTCPeerConnection, options: RestartOptions): RestartPolicy {
	const { restarts, everConnected, sideRoute } = options;
	let retryTimer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	/** A restart offer is being held (keepOffer's loop runs). */
	let holding = false;
	/** The ufrag of the restart offer last sent through the side route (its answer may come that way). */
	const relayed: { ufrag?: string } = {};

	const restartUntilConnected = () => {
		clearTimeout(retryTimer);
		// Until connected: a restart turns 'failed' into 'disconnected' while its new session checks, and that
		// session fails in turn if the outage outlasts it.
		if (stopped || pc.connectionState === 'connected' || pc.connectionState === 'closed') return;
		// Not while a restart offer is held or awaits its answer: the browser would keep the request and
		// restart once more right after that answer, replacing the session just negotiated (seen with Firefox,
		// whose data channel then stalled).
		if (pc.signalingState === 'stable') pc.restartIce();
		retryTimer = setTimeout(restartUntilConnected, restartRetryMs);
	};

	const renewal = { round: 0, running: false };
	const recheckUntilConnected = () => {
		clearTimeout(retryTimer);
		if (stopped || pc.connectionState === 'connected' || pc.connectionState === 'closed') return;
		renewRound(pc, renewal);
		retryTimer = setTimeout(recheckUntilConnected, recheckEveryMs);
	};

	return {
		onFailed() {
			if (!everConnected()) return;
			if (restarts()) restartUntilConnected();
			else recheckUntilConnected();
		},
		onMoved() {
			// Not waiting for 'failed': the old address is gone, and checks from the new one are needed now.
			if (everConnected()) restartUntilConnected();
		},
		async keepOffer(ufragBefore) {
			if (!everConnected() || ufragOf(pc.localDescription?.sdp) === ufragBefore) return true;
			// A second offer made while one is held (a renegotiation during the outage) replaced the held
			// one, which the running hold sends.
			if (holding) return false;
			holding = true;
			try {
				return await holdOffer(pc, () => stopped, relayed, sideRoute);
			} finally {
				holding = false;
			}
		},
		awaitsRelayedAnswer: () =>
			pc.signalingState === 'have-local-offer' &&
			relayed.ufrag !== undefined &&
			ufragOf(pc.localDescription?.sdp) === relayed.ufrag,
		stop() {
			stopped = true;
			clearTimeout(retryTimer);
		}
	};
}
