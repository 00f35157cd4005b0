// Trickled candidates of a relayed group join (peer protocol 7, docs/peer-protocol.md Groups): its description
// goes at the first candidate instead of after the gather time box (./gather: ~300 ms where a STUN server
// cannot be reached, as on a LAN without internet), and every candidate that is not in it follows through the
// members that carry the join (group/relay). The other side adds them once the description is applied.
import type { Trickle } from './peer-types';

/** Candidates kept until the remote description is applied: a device has a few; more is not a real pair. */
export const maxEarlyCandidates = 32;

export interface TrickleOut {
	/**
	 * Resolves at the first candidate, or when gathering ended without one, or after `capMs`: the description
	 * is sent from then (none of it waits for a server that may never answer).
	 */
	first(capMs: number): Promise<void>;
	/** Whether any candidate was found (one may still be on its way into the description). */
	found(): boolean;
	/** The description as it is sent: the candidates already in it are not sent again. */
	described(sdp: string): void;
	stop(): void;
}

/**
 * A candidate as far as its type (foundation, component, transport, priority, address, port, `typ`, type):
 * the event's line may carry more attributes (ufrag, network-cost) than the description's for the same one.
 */
const candidateKey = (line: string) => line.split(' ').slice(0, 8).join(' ');

/**
 * Listens from before setLocalDescription, so no candidate is missed; candidates found before the
 * description is taken wait for it, then only those it lacks go. Gathering's end goes as `candidate: ''`.
 */
export function trickleOut(pc: RTCPeerConnection, trickle: Trickle): TrickleOut {
	let described: Set<string> | null = null;
	let found = false;
	let firstCame = () => {};
	const came = new Promise<void>((resolve) => (firstCame = resolve));
	const waiting: RTCIceCandidate[] = [];
	let last: { sdpMid: string | null; sdpMLineIndex: number | null } = { sdpMid: null, sdpMLineIndex: 0 };
	const emit = (candidate: RTCIceCandidate) => {
		if (described?.has(candidateKey(candidate.candidate))) return;
		last = { sdpMid: candidate.sdpMid, sdpMLineIndex: candidate.sdpMLineIndex };
		trickle({ candidate: candidate.candidate, ...last });
	};
	const onCandidate = ({ candidate }: RTCPeerConnectionIceEvent) => {
		firstCame();
		// null, or an empty candidate in some browsers: gathering is over.
		if (candidate?.candidate) {
			found = true;
			if (described === null) waiting.push(candidate);
			else emit(candidate);
			return;
		}
		// Complete before the description was taken: it holds them all, and no end needs saying.
		if (described !== null) trickle({ candidate: '', ...last });
		stop();
	};
	const stop = () => pc.removeEventListener('icecandidate', onCandidate);
	pc.addEventListener('icecandidate', onCandidate);
	return {
		async first(capMs) {
			if (found || pc.iceGatheringState === 'complete') return;
			let timer: ReturnType<typeof setTimeout> | undefined;
			await Promise.race([came, new Promise<void>((resolve) => (timer = setTimeout(resolve, capMs)))]);
			clearTimeout(timer);
		},
		found: () => found,
		described(sdp) {
			const lines = sdp.match(/^a=candidate:.*$/gm) ?? [];
			described = new Set(lines.map((line) => candidateKey(line.slice(2).trim())));
			for (const candidate of waiting.splice(0)) emit(candidate);
		},
		stop
	};
}

export interface CandidateInbox {
	/** Adds a candidate now, or once the remote description is applied. Never rejects. */
	add(candidate: RTCIceCandidateInit): Promise<void>;
	/** The remote description is applied: the candidates that came before it are added. */
	flush(): void;
}

/** Candidates from the other side that may come before its description (another member carried them faster). */
export function candidateInbox(pc: RTCPeerConnection): CandidateInbox {
	let early: RTCIceCandidateInit[] = [];
	const addNow = (candidate: RTCIceCandidateInit) =>
		pc.addIceCandidate(candidate).catch((error: unknown) => {
			// One candidate the connection refuses (a stale ufrag, a browser without end-of-candidates) changes
			// nothing else: the others and the description's own still connect.
			console.warn('qrcall: relayed candidate refused', error);
		});
	return {
		async add(candidate) {
			if (pc.remoteDescription) return addNow(candidate);
			if (early.length < maxEarlyCandidates) early.push(candidate);
		},
		flush() {
			const now = early;
			early = [];
			for (const candidate of now) void addNow(candidate);
		}
	};
}
