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

/**
 * Whether RTP packets or channel messages arrived since the previous call, and for how long (ms) nothing has:
 * a change is seen at the call after it, so that span is never longer than the real silence. Only a counter
 * that grew counts, each remembered by its stats id: a sum of them fell when Chromium dropped its inbound-rtp
 * reports on setting an ICE-restart offer (Firefox peer, netns 20 s outage), which read as "something
 * arrived" and sent a ping into the dead link (./liveness says why that must not happen).
 */
export function arrivals(pc: Pick<RTCPeerConnection, 'getStats'>) {
	const seen = new Map<string, number>();
	let changedAt = Date.now();
	return {
		async changed() {
			let grew = false;
			(await pc.getStats()).forEach(
				(s: { id: string; type: string; packetsReceived?: number; messagesReceived?: number }) => {
					const count =
						s.type === 'inbound-rtp'
							? s.packetsReceived
							: s.type === 'data-channel'
								? s.messagesReceived
								: undefined;
					if (count === undefined) return;
					const before = seen.get(s.id) ?? 0;
					if (count > before) grew = true;
					seen.set(s.id, Math.max(count, before));
				}
			);
			if (grew) changedAt = Date.now();
			return grew;
		},
		silentMs: () => Date.now() - changedAt,
		/** An outage begins: its silence counts from now, whatever went quiet while connected (camera off…). */
		restart: () => void (changedAt = Date.now())
	};
}

export interface ConnectionPolicyOptions {
	send: (message: PeerMessage) => void;
	channelOpen: () => boolean;
	onState: (state: PeerState) => void;
	/** ICE reached 'connected' (the answerer's keep-alive may stop). */
	onConnected: () => void;
	/** The call works again after an outage: ICE is connected again, or the channel answered first. */
	onBack: () => void;
	/** ICE 'failed' (an ICE restart may follow, ./restart). */
	onFailed: () => void;
	/** A connected call's link went down ('disconnected' or 'failed'): look for a changed address (./moved). */
	onDown: () => void;
	/**
	 * Whether the other side has given the call up after `silentMs` with nothing from it while ICE was not
	 * connected (./outlasted: its browser's consent expiry).
	 */
	peerGaveUp: (silentMs: number) => boolean;
	/**
	 * The call is over: the grace period ran out unanswered ('grace'), the connection closed under us ('lost'),
	 * or the other side's browser gave it up (peerGaveUp: 'expired').
	 */
	onLost: (why: 'lost' | 'expired' | 'grace') => void;
}

export interface ConnectionPolicy {
	/** Moves the call's state on (never out of 'closed'); the UI hears of each change once. */
	setState(next: PeerState): void;
	/** The call's state as the UI was last told it. */
	state(): PeerState;
	/** Whether ICE has ever been connected in this call. */
	everConnected(): boolean;
	/** The answer was applied (caller): the call must connect within connectDeadlineMs, else onLost. */
	startDeadline(): void;
	/** Pings and pongs, handled ahead of the message queue; true when the message was one. */
	link: Pick<LinkWatch, 'handle'>;
	stop(): void;
}

/** The connect deadline of a call that has not connected yet; it ends the call through onLost. */
function createDeadline(onLost: () => void) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let at = 0;
	let over = false;
	return {
		/** Ends the call after `ms`, unless connected first or an earlier end is already set. */
		arm(ms: number) {
			if (over || (timer && at <= Date.now() + ms)) return;
			clearTimeout(timer);
			at = Date.now() + ms;
			timer = setTimeout(onLost, ms);
		},
		/** Whether one was ever set (the caller applied the answer). */
		armed: () => timer !== undefined,
		/** Connected, or the call is over: never again. */
		clear() {
			over = true;
			clearTimeout(timer);
		}
	};
}

interface StateParts {
	options: ConnectionPolicyOptions;
	setState: (next: PeerState) => void;
	link: LinkWatch;
	deadline: ReturnType<typeof createDeadline>;
	arrived: ReturnType<typeof arrivals>;
	/** Mutable: whether ICE has ever been connected in this call, and whether it is down since it was. */
	call: { everConnected: boolean; down: boolean };
}

/** A connected call's link went down ('disconnected', or 'failed' after it): the first time, an outage begins. */
function wentDown({ options, arrived, call }: StateParts) {
	if (!call.everConnected) return;
	if (!call.down) arrived.restart();
	call.down = true;
	options.onDown();
}

/** What one connectionState change means for the call. */
function onConnectionState(state: RTCPeerConnectionState, parts: StateParts) {
	const { options, setState, link, deadline, call } = parts;
	/**
	 * Whether this side may end a call on its link's state. Not an answerer whose answer has not been applied
	 * yet: until the caller reads it, the answerer's own checks often fail (across two NATs the caller's router
	 * drops them until the caller sends its own), and nothing is wrong. It waits out the caller's code (the join
	 * screen says until when); the caller's checks still reach it after a 'failed' and connect the call
	 * (measured: NAT + STUN, answer read 45 s late, ICE 'failed' at the answerer from ~20 s).
	 */
	const decides = call.everConnected || deadline.armed();
	const down = call.everConnected ? 'reconnecting' : 'connecting';
	switch (state) {
		case 'connecting':
			if (!call.everConnected) setState('connecting');
			break;
		case 'connected':
			call.everConnected = true;
			call.down = false;
			deadline.clear();
			link.stop();
			options.onConnected();
			setState('connected');
			break;
		case 'disconnected':
			setState(down);
			wentDown(parts);
			if (decides) link.start(disconnectedGraceMs);
			break;
		case 'failed':
			// Never final at once: a late answer may show one transient 'failed' before connecting.
			setState(down);
			options.onFailed();
			if (deadline.armed()) deadline.arm(failedBeforeConnectMs);
			// One grace period per outage: a connected call's 'failed' keeps the one its 'disconnected' began.
			wentDown(parts);
			if (decides) link.start(call.everConnected ? disconnectedGraceMs : failedGraceMs);
			break;
		case 'closed':
			options.onLost('lost');
	}
}

export function createConnectionPolicy(
	pc: RTCPeerConnection,
	options: ConnectionPolicyOptions
): ConnectionPolicy {
	let state: PeerState = 'new';
	const call = { everConnected: false, down: false };
	const deadline = createDeadline(() => !call.everConnected && options.onLost('lost'));

	const setState = (next: PeerState) => {
		if (state === next || state === 'closed') return;
		const back = state === 'reconnecting' && next === 'connected';
		state = next;
		options.onState(next);
		if (back) options.onBack();
	};

	/** While ICE is not connected: a data channel that still answers is a call that works (./liveness). */
	const arrived = arrivals(pc);
	const link = watchLink({
		send: options.send,
		channelOpen: options.channelOpen,
		arrived: arrived.changed,
		onProbe: (alive) => {
			if (!call.everConnected) return;
			// Nothing will come back once the other side's browser gave the call up: say so now, and why.
			if (!alive && options.peerGaveUp(arrived.silentMs())) return options.onLost('expired');
			setState(alive ? 'connected' : 'reconnecting');
		},
		onLost: () => options.onLost('grace')
	});

	const parts: StateParts = { options, setState, link, deadline, arrived, call };
	pc.onconnectionstatechange = () => onConnectionState(pc.connectionState, parts);

	return {
		setState,
		state: () => state,
		everConnected: () => call.everConnected,
		startDeadline: () => deadline.arm(connectDeadlineMs),
		link,
		stop() {
			deadline.clear();
			link.stop();
		}
	};
}
