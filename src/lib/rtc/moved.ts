// A device that changed networks mid-call (a phone leaving Wi-Fi for another network). Its checks from the
// new address can reach the other side's old one, which learns the new address as a peer-reflexive candidate:
// that brings the call back when only one side moved. When both moved, neither knows where the other went and
// nothing but new codes can bring the call back, so a side that moved and hears nothing says so at once
// instead of waiting out the grace period. It cannot see the other side's address, so "both moved" is what
// "I moved and my checks from the new address get no answer" stands for.

/** After this side noticed its own move, no answer this long means the other side moved too. */
export const strandedAfterMs = 4_000;
/** While not connected, this side's addresses are compared with the one the call used this often. */
export const addressCheckEveryMs = 2_000;
/** Host candidates of a probe connection normally all arrive within this time. */
const probeGatherMs = 500;

export interface MoveWatchOptions {
	/** This side's address changed: make fresh checks from the new one now. */
	onMoved: () => void;
	/** Moved, and nothing answered since: the call cannot come back. */
	onStranded: () => void;
}

export interface MoveWatch {
	/** Connected: remember the local address the call uses; checks then run only on 'online' events. */
	connected(): void;
	/** Not connected: look for a change of address now and every addressCheckEveryMs. */
	start(): void;
	stop(): void;
}

/** The local address of the selected candidate pair (null where the browser withholds it). */
async function selectedLocalAddress(pc: RTCPeerConnection): Promise<string | null> {
	const stats = new Map<string, Record<string, unknown>>();
	(await pc.getStats()).forEach((s: Record<string, unknown>) => stats.set(String(s.id), s));
	const all = [...stats.values()];
	const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
	const pair =
		stats.get(String(transport?.selectedCandidatePairId)) ??
		all.find((s) => s.type === 'candidate-pair' && s.selected === true);
	const local = stats.get(String(pair?.localCandidateId));
	const address = local?.address ?? local?.ip;
	return typeof address === 'string' && !address.endsWith('.local') ? address : null;
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
	let strandTimer: ReturnType<typeof setTimeout> | undefined;
	let checking = false;
	let ended = false;

	const check = async () => {
		if (checking || strandTimer || !usedAddress) return;
		checking = true;
		try {
			const now = await hostAddresses();
			// Nothing gathered (no network at all) or names instead of addresses: no move can be told.
			if (ended || now.length === 0 || now.some((a) => a.endsWith('.local'))) return;
			if (now.includes(usedAddress)) return;
			strandTimer = setTimeout(options.onStranded, strandedAfterMs);
			options.onMoved();
		} catch (error) {
			console.warn('qrcall: address check failed', error);
		} finally {
			checking = false;
		}
	};
	const onOnline = () => void check();

	const pause = () => {
		clearInterval(timer);
		clearTimeout(strandTimer);
		timer = strandTimer = undefined;
	};
	// A new address usually comes with the browser's 'online' event, seconds before ICE notices anything.
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
