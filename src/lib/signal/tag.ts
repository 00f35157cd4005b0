import { TAG_BITS } from './frame';

/**
 * The tag of an offer (docs/signal-format.md §2.3): 16 bits of FNV-1a over the offer's ICE ufrag, pwd and DTLS
 * fingerprint. The caller computes it from its own offer, the joiner from the offer it decoded; both see the same
 * three values (the code keeps them exactly), and a new call has new ones, so an answer to an earlier offer has
 * another tag with probability 1 − 2^-16. Not a secret: it only tells codes apart.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const FIELDS = [/^a=ice-ufrag:(\S+)/m, /^a=ice-pwd:(\S+)/m, /^a=fingerprint:(\S+ \S+)/m] as const;

export function offerTag(offerSdp: string): number {
	const [ufrag, pwd, fingerprint] = FIELDS.map((field) => field.exec(offerSdp)?.[1] ?? '');
	// The fingerprint's hex digits may come in either case; the credentials are case-sensitive.
	const text = `${ufrag}\n${pwd}\n${fingerprint?.toLowerCase()}`;
	let hash = FNV_OFFSET;
	for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME) >>> 0;
	// Fold the high half in, so every input bit reaches the 16 bits kept.
	return ((hash >>> TAG_BITS) ^ hash) & ((1 << TAG_BITS) - 1);
}
