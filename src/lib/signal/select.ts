import { isPackable, isPrivateIPv4, parseIPv4 } from './address';
import { writeCompact } from './compact';
import { codeLength } from './frame';
import type { Bootstrap, Candidate } from './model';

/**
 * Which candidates go into the compact code. The code should stay within a version-6 QR code at ECC M behind
 * `HTTPS://QRCALL.APP/#`, which leaves room for 129 code characters. Candidates are tried best first:
 *   0. host IPv4 in a private range (RFC 1918 / RFC 6598): the LAN case the app is built for
 *   1. other host IPv4
 *   2. the first host IPv6 / mDNS / other name (a second address family or an obfuscated host)
 *   3. srflx (STUN), 4. relay (TURN)
 *   5. everything else: further IPv6 / mDNS hosts, prflx
 *   6. loopback and link-local addresses (127/8, ::1, 169.254/16, fe80::/10): they rarely reach another device
 * and each is kept if the code still fits. The two best are always kept, even when they do not fit: two mDNS
 * names (e.g. Firefox's IPv4 and IPv6 host) are 2 × 138 bits and need version 7 — dropping one could cost the
 * connection. The kept candidates stay in their original order.
 */

export const MAX_CODE_CHARS = 129;
const ALWAYS_KEPT = 2;
/** Ranks of the list above (lower is better). */
const RANK_NAME = 2;
const RANK_OTHER = 5;
const RANK_LOCAL_ONLY = 6;
const LOCAL_ONLY = /^(127\.|169\.254\.|::1$|fe[89ab][0-9a-f]:)/i;

export function selectCandidates(bootstrap: Bootstrap): Bootstrap {
	const packable = bootstrap.candidates.filter((candidate) => isPackable(candidate.address));
	let firstName = true;
	const ranked = packable
		.map((candidate, index) => {
			let rank = rankOf(candidate);
			if (rank === RANK_NAME) [rank, firstName] = [firstName ? RANK_NAME : RANK_OTHER, false];
			return { candidate, index, rank };
		})
		.sort((a, b) => a.rank - b.rank || a.index - b.index);
	const kept = new Set<number>();
	for (const { index } of ranked) {
		kept.add(index);
		if (kept.size > ALWAYS_KEPT && length(bootstrap, packable, kept) > MAX_CODE_CHARS) kept.delete(index);
	}
	return { ...bootstrap, candidates: packable.filter((_, index) => kept.has(index)) };
}

function rankOf(candidate: Candidate): number {
	if (LOCAL_ONLY.test(candidate.address)) return RANK_LOCAL_ONLY;
	if (candidate.type === 'srflx') return 3;
	if (candidate.type === 'relay') return 4;
	if (candidate.type !== 'host') return RANK_OTHER;
	if (isPrivateIPv4(candidate.address)) return 0;
	return parseIPv4(candidate.address) ? 1 : RANK_NAME;
}

function length(bootstrap: Bootstrap, candidates: Candidate[], kept: Set<number>): number {
	const trial = { ...bootstrap, candidates: candidates.filter((_, index) => kept.has(index)) };
	return codeLength(writeCompact(trial).length);
}
