// What the user sends (chat, microphone/camera state, file data) waits while the link is down, and goes in
// order once it is back. Why: a message sent into a dead link stays unacknowledged in SCTP, which backs its
// retransmission timer off, and at the link's return the caller's ICE-restart offer queues behind it on the
// same association: in the netns 20 s outage (session 6) that held the offer back ~4 s and SCTP then closed the
// call (the same race a key-frame request caused, ./video-watch arrivalWithinMs). The restart's offer and
// answer, candidates, pings and every other protocol message never wait here: they go on the channel at once.
import type { PeerMessage } from './protocol';

/** The kinds of message the user's own actions send; everything else is protocol and never held. */
const userKinds: ReadonlySet<PeerMessage['t']> = new Set(['chat', 'media']);

export const isUserMessage = (message: PeerMessage): boolean => userKinds.has(message.t);

export interface HoldOptions {
	/** Whether the link carries user messages now (peer.ts: connected again, and no ICE restart in flight). */
	up: () => boolean;
	/** Puts one message on the control channel. */
	send: (message: PeerMessage) => void;
}

export interface Hold {
	/**
	 * Sends a user message now when the link is up and nothing waits before it; else holds it and returns the
	 * promise of its sending (resolves true once sent, false when the call closed first).
	 */
	send(message: PeerMessage): Promise<boolean> | undefined;
	/** The link may be back (a state or signaling change): sends what waits, in order, if it is. */
	check(): void;
	/** Undefined when the link is up; else resolves once it is (or the call closed): file data waits on it. */
	whenUp(): Promise<void> | undefined;
	/** The call closed: nothing held goes any more. */
	stop(): void;
}

export function createHold(options: HoldOptions): Hold {
	const held: { message: PeerMessage; done: (sent: boolean) => void }[] = [];
	let waiters: (() => void)[] = [];
	let stopped = false;
	const open = () => !stopped && options.up();

	const release = () => {
		for (const resolve of waiters) resolve();
		waiters = [];
	};

	return {
		send(message) {
			if (held.length === 0 && open()) {
				options.send(message);
				return undefined;
			}
			if (stopped) return Promise.resolve(false);
			return new Promise<boolean>((done) => held.push({ message, done }));
		},
		check() {
			if (!open()) return;
			for (const { message, done } of held.splice(0)) {
				options.send(message);
				done(true);
			}
			release();
		},
		whenUp() {
			if (open() || stopped) return undefined;
			return new Promise<void>((resolve) => waiters.push(resolve));
		},
		stop() {
			stopped = true;
			for (const { done } of held.splice(0)) done(false);
			release();
		}
	};
}
