// The call is what the data channel carries, not what an ICE state says. Seen with a Firefox caller and a
// Chromium joiner after a 20 s outage: both sides came back on the old ICE session, the restart Chromium had
// sent during the outage was answered late, and Firefox then stayed 'checking' on the new session (Chromium
// kept nominating the old pair) while audio, video and this channel flowed. A grace timer alone ended that
// call. So while ICE is not connected the channel is pinged: a pong shows the call as connected, and only a
// grace period with no answer ends it. A ping goes out only when something arrived from the other side since
// the last probe: into a dead link it would only shrink SCTP's window and back its timer off, and the restart
// offer that has to cross first when the link returns would wait behind that (./restart).
import type { PeerMessage } from './protocol';

/**
 * The channel pings travel on: negotiated beside the bootstrap channel (id 0), unordered and never
 * retransmitted. On the reliable channel, pings sent during a 60 s outage waited in its queue, SCTP backed its
 * retransmission timer off, and the restart offer queued behind them arrived ~10 s after the link returned
 * (video at the joiner waited for that negotiation). Lost pings leave nothing queued.
 */
export const probeChannelInit: RTCDataChannelInit = {
	negotiated: true,
	id: 2,
	ordered: false,
	maxRetransmits: 0
};

/** A pong later than this counts as none: over a live link a round trip takes well under a second. */
export const pingTimeoutMs = 3_000;
/** While ICE is not connected after having been, the channel is probed this often. */
export const probeEveryMs = 2_000;

export interface LinkWatchOptions {
	send: (message: PeerMessage) => void;
	/** Pings go out only on an open channel (before it opens there is nothing to probe). */
	channelOpen: () => boolean;
	/** Whether anything (media, channel messages) arrived from the other side since the last call. */
	arrived: () => Promise<boolean>;
	/** A probe's result while ICE is not connected: the call works (true) or does not answer (false). */
	onProbe: (alive: boolean) => void;
	/** The grace period ran out and a last ping went unanswered. */
	onLost: () => void;
}

export interface LinkWatch {
	/**
	 * ICE left 'connected' (or has not reached it): the call ends graceMs after the first start since the last
	 * stop (later starts keep that deadline), unless the channel answers.
	 */
	start(graceMs: number): void;
	/** ICE is connected, or the call closed: nothing to watch. */
	stop(): void;
	/** Answers a ping, resolves a pong; true when the message was one of them. */
	handle(message: PeerMessage): boolean;
}

/** Pings and their pongs: whether the channel answers now, as the newest ping with a result says. */
function createPinger(options: Pick<LinkWatchOptions, 'send' | 'channelOpen' | 'arrived'>) {
	const { send, channelOpen, arrived } = options;
	const waiting = new Map<number, () => void>();
	let nextId = 0;
	/** Whether the channel answers, as the newest ping that has a result says. */
	let answering = false;
	/** That newest ping: an older one that times out later must not override it (the UI would flip back). */
	let decided = 0;

	/** This ping's pong within pingTimeoutMs; false at once when nothing arrived (no ping into a dead link). */
	const answered = async (id: number) => {
		if (!channelOpen() || !(await arrived().catch(() => false))) return false;
		return new Promise<boolean>((resolve) => {
			const timeout = setTimeout(() => {
				waiting.delete(id);
				resolve(false);
			}, pingTimeoutMs);
			waiting.set(id, () => {
				clearTimeout(timeout);
				waiting.delete(id);
				resolve(true);
			});
			send({ t: 'ping', id });
		});
	};

	return {
		/** Whether the channel answers, unless a newer ping already decided (then what that one said). */
		async ping() {
			const id = ++nextId;
			const alive = await answered(id);
			if (id > decided) [answering, decided] = [alive, id];
			return answering;
		},
		/** Answers a ping, resolves a pong; true when the message was one of them. */
		handle(message: PeerMessage) {
			if (message.t === 'ping') send({ t: 'pong', id: message.id });
			else if (message.t === 'pong') waiting.get(message.id)?.();
			else return false;
			return true;
		}
	};
}

export function watchLink(options: LinkWatchOptions): LinkWatch {
	const { arrived, onProbe, onLost } = options;
	const pinger = createPinger(options);
	/** Bumped by every start/stop: a ping still in flight from before then decides nothing. */
	let epoch = 0;
	let graceTimer: ReturnType<typeof setTimeout> | undefined;
	let probeTimer: ReturnType<typeof setInterval> | undefined;

	/** Whether the channel answers; undefined when a start/stop came since (the answer no longer counts). */
	const ping = async () => {
		const sentIn = epoch;
		const alive = await pinger.ping();
		return sentIn === epoch ? alive : undefined;
	};

	const armGrace = (graceMs: number) => {
		clearTimeout(graceTimer);
		graceTimer = setTimeout(() => {
			void ping().then((alive) => {
				if (alive) armGrace(graceMs);
				else if (alive === false) onLost();
			});
		}, graceMs);
	};

	const stop = () => {
		epoch += 1;
		clearTimeout(graceTimer);
		clearInterval(probeTimer);
		graceTimer = probeTimer = undefined;
	};

	return {
		start(graceMs) {
			epoch += 1;
			// One outage, one grace period: 'failed' after 'disconnected' does not start it again.
			if (!graceTimer) {
				// What arrived so far does not count: only arrivals during the outage show a live link.
				void arrived().catch(() => false);
				armGrace(graceMs);
			}
			probeTimer ??= setInterval(() => {
				void ping().then((alive) => alive !== undefined && onProbe(alive));
			}, probeEveryMs);
		},
		stop,
		handle: pinger.handle
	};
}
