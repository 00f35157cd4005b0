// Chromium drops a candidate pair that failed and never checks that candidate again: a side left with no pair
// can only wait for the other side's checks. Two places must not wait: the answerer of a late answer
// (./keepalive) and a joiner whose ICE failed in an outage while its caller did not restart (./restart).
// Both add the other side's candidates again under fresh foundations, which gives them new pairs and new
// checks; the address, port, ICE credentials and fingerprint stay those the other side sent.
// It does not help when a side's own link went down: its ports on that link are pruned and pair with nothing
// new, so it waits for the other side's next check (Firefox→Chromium 20 s: Firefox's consent check, every
// 4–6 s; session 11).

/**
 * Candidate pairs that are still checking, or could: while one is left, nothing needs renewing. A pair that
 * waits with no check ever sent does not count: after a failure Chromium leaves the peer-reflexive pairs the
 * other side's checks create at the link's return 'waiting' and never checks them (netns 20 s outage: 4 s
 * with `requestsSent` 0, until the association closed), so the renewal must go on past them.
 */
async function checksAlive(pc: RTCPeerConnection): Promise<boolean> {
	let alive = false;
	(await pc.getStats()).forEach((s: { type: string; state?: string; requestsSent?: number }) => {
		if (s.type !== 'candidate-pair' || s.state === 'failed') return;
		const neverChecked = (s.state === 'waiting' || s.state === 'frozen') && !s.requestsSent;
		if (!neverChecked) alive = true;
	});
	return alive;
}

/**
 * Once no pair is left, adds the candidates of the first media section of `sdp` (the other side's
 * description; the bundled transport) again, each under a foundation new for `round`. True when it did.
 * HACK: Chromium ignores a re-added candidate that equals one it has (foundation included):
 * https://webrtc.googlesource.com/src/+/refs/heads/main/p2p/base/p2p_transport_channel.cc (AddRemoteCandidate).
 */
export async function renewChecks(pc: RTCPeerConnection, sdp: string, round: number): Promise<boolean> {
	if (await checksAlive(pc)) return false;
	await addCandidatesAgain(pc, sdp, `r${round}`);
	return true;
}

/** Adds the candidates of the first media section of `sdp` again, each under its foundation plus `tag`. */
async function addCandidatesAgain(pc: RTCPeerConnection, sdp: string, tag: string): Promise<void> {
	const [, first = ''] = sdp.split(/^(?=m=)/m);
	const sdpMid = /^a=mid:(\S+)/m.exec(first)?.[1] ?? '0';
	// Each candidate once: a remote description lists the renewed copies of earlier rounds after the original.
	const seen = new Set<string>();
	for (const [, foundation, rest] of first.matchAll(/^a=candidate:(\S+)(.*?)\r?$/gm)) {
		if (seen.has(rest!)) continue;
		seen.add(rest!);
		// Foundations are up to 32 ice-chars (RFC 8839); a letter and the round keep each one new.
		const renewed = `${foundation!.slice(0, 24)}${tag}`;
		await pc.addIceCandidate({ candidate: `candidate:${renewed}${rest}`, sdpMid });
	}
}
