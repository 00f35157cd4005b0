// A device that changed networks mid-call (a phone leaving Wi-Fi for another network). Its checks from the
// new address can reach the other side's old one, which learns the new address as a peer-reflexive candidate:
// that brings the call back when only one side moved. When both moved, neither knows where the other went and
// nothing but new codes can bring the call back, so a side that moved says so as soon as the evidence is in,
// instead of waiting out the grace period. Neither side can see the other's address, but the one that moved
// can see its restart's checks from the new address (./restart) answered or not: a side that stayed answers
// the first of them within a round trip (netns: 0.15 s); a side that moved too answers none.
//
// Only while the call is down (ICE 'disconnected' or 'failed'). A move is often visible ~2 s after it, seconds
// before ICE notices anything, but a restart then broke every one-sided move in the netns lab (3 of 3,
// session 7): Chromium stops checking the old session's pair once it restarts, so that pair never times out,
// stays selected, and the restart offer never leaves SCTP over the vanished address.

/** After this side noticed its own move, no answer this long means the other side moved too (no checks seen). */
export const strandedAfterMs = 4_000;
/**
 * The other side moved too once this many of the checks from this side's new address went unanswered, over
 * at least answerWindowMs since the first (ICE itself calls a pair unwritable after 5 unanswered checks).
 */
export const unansweredChecks = 5;
/** A side that stayed answers a check within a round trip; this leaves room for a busy device. */
export const answerWindowMs = 1_500;
/** How often the checks from the new address are looked at after a move. */
export const answerPollMs = 200;
/** While not connected, this side's addresses are compared with the one the call used this often. */
export const addressCheckEveryMs = 2_000;
/** Host candidates of a probe connection normally all arrive within this time. */
const probeGatherMs = 500;

export interface MoveWatchOptions {
	/** This side's address changed: make fresh checks from the new one now. */
	onMoved: () => void;
	/** Moved, and the checks from the new address got no answer: the call cannot come back. */
	onStranded: () => void;
}

export interface MoveWatch {
	/** Connected: remember the local address the call uses; no checks until the call is down again. */
	connected(): void;
	/** Not connected: look for a change of address now and every addressCheckEveryMs. */
	start(): void;
	stop(): void;
}

/** One candidate pair's checks so far, and the address of its local candidate (null when withheld). */
export interface PairChecks {
	local: string | null;
	sent: number;
	answered: number;
}

/** The checks made since a move from any local address other than the one the call used. */
export interface MovedChecks {
	sent: number;
	answered: number;
}

const addressOf = (candidate: Record<string, unknown> | undefined) => {
	const address = candidate?.address ?? candidate?.ip;
	return typeof address === 'string' && !address.endsWith('.local') ? address : null;
};

/** The connection's stats reports by id, so a pair's candidates can be looked up from its ids. */
async function statsById(pc: RTCPeerConnection): Promise<Map<string, Record<string, unknown>>> {
	const stats = new Map<string, Record<string, unknown>>();
	(await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
	return stats;
}

/** The local address of the selected candidate pair (null where the browser withholds it). */
async function selectedLocalAddress(pc: RTCPeerConnection): Promise<string | null> {
	const stats = await statsById(pc);
	const all = [...stats.values()];
	const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
	const pair =
		stats.get(String(transport?.selectedCandidatePairId)) ??
		all.find((s) => s.type === 'candidate-pair' && s.selected === true);
	return addressOf(stats.get(String(pair?.localCandidateId)));
}

/** Every candidate pair's checks by id (getStats requestsSent / responsesReceived). */
async function pairChecks(pc: RTCPeerConnection): Promise<Map<string, PairChecks>> {
	const stats = await statsById(pc);
	const pairs = new Map<string, PairChecks>();
	for (const [id, s] of stats) {
		if (s.type !== 'candidate-pair') continue;
		const local = addressOf(stats.get(String(s.localCandidateId)));
		pairs.set(id, { local, sent: Number(s.requestsSent ?? 0), answered: Number(s.responsesReceived ?? 0) });
	}
	return pairs;
}

/** The checks from a local address other than `used` made between `before` and `now` (both by pair id). */
export function checksSinceMove(
	before: Map<string, PairChecks>,
	now: Map<string, PairChecks>,
	used: string
): MovedChecks {
	const total = { sent: 0, answered: 0 };
	for (const [id, pair] of now) {
		if (pair.local === null || pair.local === used) continue;
		total.sent += pair.sent - (before.get(id)?.sent ?? 0);
		total.answered += pair.answered - (before.get(id)?.answered ?? 0);
	}
	return total;
}

/**
 * What the checks from the new address say, `checkingMs` after the first of them went out and `movedMs` after
 * the move was noticed: the other side answered (it stayed), it moved too ('stranded'), or not yet known.
 */
export function movedVerdict(
	checks: MovedChecks,
	checkingMs: number,
	movedMs: number
): 'answered' | 'stranded' | 'open' {
	if (checks.answered > 0) return 'answered';
	if (checks.sent >= unansweredChecks && checkingMs >= answerWindowMs) return 'stranded';
	return movedMs >= strandedAfterMs ? 'stranded' : 'open';
}

/**
 * After a move: looks at the checks from the new address every answerPollMs until they are answered (the
 * other side stayed: the restart brings the call back) or say the other side moved too (onStranded).
 */
function watchAnswers(
	pc: RTCPeerConnection,
	used: string,
	before: Map<string, PairChecks>,
	onStranded: () => void
) {
	const movedAt = Date.now();
	let firstCheckAt: number | undefined;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const poll = async () => {
		const checks = checksSinceMove(before, await pairChecks(pc), used);
		if (stopped) return;
		const now = Date.now();
		if (checks.sent > 0) firstCheckAt ??= now;
		const verdict = movedVerdict(checks, now - (firstCheckAt ?? now), now - movedAt);
		if (verdict === 'stranded') onStranded();
		if (verdict === 'open') timer = setTimeout(next, answerPollMs);
	};
	const next = () =>
		void poll().catch((error: unknown) => {
			console.warn('qrcall: reading the checks failed', error);
			if (!stopped) timer = setTimeout(next, answerPollMs);
		});
	timer = setTimeout(next, answerPollMs);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}

/** This device's host addresses now, from a throwaway connection's gathering (no server is asked). */
async function hostAddresses(): Promise<string[]> {
	const probe = new RTCPeerConnection();
	const found: string[] = [];
	try {
		probe.createDataChannel('probe');
		const done = new Promise<void>((resolve) => {
			probe.onicecandidate = ({ candidate }) => {
				if (!candidate) return resolve();
				if (candidate.type === 'host' && candidate.address) found.push(candidate.address);
			};
			setTimeout(resolve, probeGatherMs);
		});
		await probe.setLocalDescription();
		await done;
	} finally {
		probe.close();
	}
	return found;
}

export function watchMoves(pc: RTCPeerConnection, options: MoveWatchOptions): MoveWatch {
	let usedAddress: string | null = null;
	let timer: ReturnType<typeof setInterval> | undefined;
	/** Set from a move until connected again: its checks are being watched (or were answered). */
	let stopAnswers: (() => void) | undefined;
	let checking = false;
	let ended = false;

	const check = async () => {
		const used = usedAddress;
		if (checking || stopAnswers || !used) return;
		checking = true;
		try {
			const now = await hostAddresses();
			// Nothing gathered (no network at all) or names instead of addresses: no move can be told.
			if (ended || now.length === 0 || now.some((a) => a.endsWith('.local'))) return;
			if (now.includes(used)) return;
			// What the pairs had checked before the restart does not count.
			const before = await pairChecks(pc);
			if (ended) return;
			stopAnswers = watchAnswers(pc, used, before, options.onStranded);
			options.onMoved();
		} catch (error) {
			console.warn('qrcall: address check failed', error);
		} finally {
			checking = false;
		}
	};
	// While down, a new address usually comes with the browser's 'online' event: look at once.
	const onOnline = () => void (timer && check());

	const pause = () => {
		clearInterval(timer);
		stopAnswers?.();
		timer = stopAnswers = undefined;
	};
	addEventListener('online', onOnline);

	return {
		connected() {
			pause();
			selectedLocalAddress(pc).then(
				(address) => (usedAddress = address),
				() => (usedAddress = null)
			);
		},
		start() {
			if (timer) return;
			timer = setInterval(() => void check(), addressCheckEveryMs);
			void check();
		},
		stop() {
			ended = true;
			pause();
			removeEventListener('online', onOnline);
		}
	};
}
