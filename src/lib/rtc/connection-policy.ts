// Connection-state policy: what each RTCPeerConnection state means for the call. 'failed' is never final at
// once, a 'disconnected' link gets a grace period, and while ICE is not connected the control channel's
// answers (./liveness) decide whether the call still works. peer.ts owns the connection and the close path.
import { watchLink, type LinkWatch } from './liveness';
import type { PeerState } from './peer-types';
import type { PeerMessage } from './protocol';

/**
 * A call whose link went down (Wi-Fi out of range, a lift) gets this long, from the first 'disconnected', to
 * come back before it is lost: an outage of 60 s is noticed ~5–8 s in and reconnects within ~2 s of its end.
 */
export const disconnectedGraceMs = 70_000;
/** A 'failed' before the first connection is often transient after a late answer (recovers in ~0.6 s). */
export const failedGraceMs = 15_000;
/**
 * A call that has not connected this long after the answer was applied will not: say so, within issue 12's
 * 15 s with room for the screen. Connecting normally takes 20–50 ms after the answer, ~3 s at worst with a late
 * answer to a Firefox joiner (TESTING.md).
 */
export const connectDeadlineMs = 12_000;
/**
 * Before the first connection, 'failed' after the answer means every pair failed: end sooner than the deadline,
 * but not at once, as a late answer can show one transient 'failed' (connected again within ~0.6 s, measured).
 */
export const failedBeforeConnectMs = 2_000;

/** Whether RTP packets or channel messages arrived since the previous call (a count kept between calls). */
function arrivals(pc: RTCPeerConnection): () => Promise<boolean> {
	let last = -1;
	return async () => {
		let count = 0;
		(await pc.getStats()).forEach(
			(s: { type: string; packetsReceived?: number; messagesReceived?: number }) => {
				if (s.type === 'inbound-rtp') count += s.packetsReceived ?? 0;
				if (s.type === 'data-channel') count += s.messagesReceived ?? 0;
			}
		);
		const changed = count !== last;
		last = count;
		return changed;
	};
}

export interface ConnectionPolicyOptions {
	send: (message: PeerMessage) => void;
	channelOpen: () => boolean;
	onState: (state: PeerState) => void;
	/** ICE reached 'connected' (the answerer's keep-alive may stop); `again` after an outage. */
	onConnected: (again: boolean) => void;
	/** ICE 'failed' (an ICE restart may follow, ./restart). */
	onFailed: () => void;
	/** A connected call's link went down ('disconnected' or 'failed'): look for a changed address (./moved). */
	onDown: () => void;
	/** The call is over: the grace period ran out unanswered, or the connection closed under us. */
	onLost: () => void;
}

export interface ConnectionPolicy {
	/** Moves the call's state on (never out of 'closed'); the UI hears of each change once. */
	setState(next: PeerState): void;
	/** Whether ICE has ever been connected in this call. */
	everConnected(): boolean;
	/** The answer was applied (caller): the call must connect within connectDeadlineMs, else onLost. */
	startDeadline(): void;
	/** Pings and pongs, handled ahead of the message queue; true when the message was one. */
	link: Pick<LinkWatch, 'handle'>;
	stop(): void;
}

export function createConnectionPolicy(
	pc: RTCPeerConnection,
	options: ConnectionPolicyOptions
): ConnectionPolicy {
	let state: PeerState = 'new';
	let everConnected = false;
	let deadline: ReturnType<typeof setTimeout> | undefined;
	let deadlineAt = 0;

	/** Ends a call that never connected after `ms`, unless an earlier end is already set. */
	const armDeadline = (ms: number) => {
		if (everConnected || (deadline && deadlineAt <= Date.now() + ms)) return;
		clearTimeout(deadline);
		deadlineAt = Date.now() + ms;
		deadline = setTimeout(() => !everConnected && options.onLost(), ms);
	};

	const setState = (next: PeerState) => {
		if (state === next || state === 'closed') return;
		state = next;
		options.onState(next);
	};

	/**
	 * Whether this side may end a call on its link's state. Not an answerer whose answer has not been applied
	 * yet: until the caller reads it, the answerer's own checks often fail (across two NATs the caller's router
	 * drops them until the caller sends its own), and nothing is wrong. It waits out the caller's code (the join
	 * screen says until when); the caller's checks still reach it after a 'failed' and connect the call
	 * (measured: NAT + STUN, answer read 45 s late, ICE 'failed' at the answerer from ~20 s).
	 */
	const decides = () => everConnected || deadline !== undefined;

	/** While ICE is not connected: a data channel that still answers is a call that works (./liveness). */
	const link = watchLink({
		send: options.send,
		channelOpen: options.channelOpen,
		arrived: arrivals(pc),
		onProbe: (alive) => everConnected && setState(alive ? 'connected' : 'reconnecting'),
		onLost: options.onLost
	});

	pc.onconnectionstatechange = () => {
		switch (pc.connectionState) {
			case 'connecting':
				if (!everConnected) setState('connecting');
				break;
			case 'connected': {
				const again = everConnected;
				everConnected = true;
				clearTimeout(deadline);
				link.stop();
				options.onConnected(again);
				setState('connected');
				break;
			}
			case 'disconnected':
				setState(everConnected ? 'reconnecting' : 'connecting');
				if (decides()) link.start(disconnectedGraceMs);
				if (everConnected) options.onDown();
				break;
			case 'failed':
				// Never final at once: a late answer may show one transient 'failed' before connecting.
				setState(everConnected ? 'reconnecting' : 'connecting');
				options.onFailed();
				if (deadline) armDeadline(failedBeforeConnectMs);
				// One grace period per outage: a connected call's 'failed' keeps the one its 'disconnected' began.
				if (decides()) link.start(everConnected ? disconnectedGraceMs : failedGraceMs);
				if (everConnected) options.onDown();
				break;
			case 'closed':
				options.onLost();
		}
	};

	return {
		setState,
		everConnected: () => everConnected,
		startDeadline: () => armDeadline(connectDeadlineMs),
		link,
		stop() {
			clearTimeout(deadline);
			link.stop();
		}
	};
}
