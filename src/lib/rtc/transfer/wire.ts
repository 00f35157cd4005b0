// The file-transfer wire format, one RTCDataChannel per file (label "file:<id>", reliable and ordered):
//   sender → { t: 'header', name, size, type, segment }   then binary chunks of the file, in order
//   sender → { t: 'end', hash }                            hex SHA-256 over the segment digests (below)
//   receiver → { t: 'verdict', ok }                        after comparing with its own hash
//   either → { t: 'cancel' }                               then closes the channel
//
// Integrity: crypto.subtle has no streaming digest, and hashing 200 MB in pure JS would cost more than the
// transfer itself. So each side hashes every `segment` bytes (1 MiB) natively and the file hash is
// SHA-256(digest₁ ‖ digest₂ ‖ …) — a hash list, as strong as SHA-256 for a fixed, announced segment size.

export const channelPrefix = 'file:';
/** Hash segment: big enough to keep digest calls few, small enough to hold one at a time. */
export const segmentSize = 1 << 20;
/** One data-channel message: well under every browser's SCTP max-message-size (Chrome 256 KiB). */
export const chunkSize = 64 * 1024;
/** Back-pressure: stop queueing above this much buffered, resume on 'bufferedamountlow' at the low mark. */
export const highWater = 8 * 1024 * 1024;
export const lowWater = 1024 * 1024;
/** Names arrive from the other side: shown and used as a download name, so bounded. */
export const maxNameLength = 255;

export type WireMessage =
	| { t: 'header'; name: string; size: number; type: string; segment: number }
	| { t: 'end'; hash: string }
	| { t: 'verdict'; ok: boolean }
	| { t: 'cancel' };

export function parseWire(data: string): WireMessage | null {
	let v: unknown;
	try {
		v = JSON.parse(data);
	} catch {
		return null;
	}
	if (typeof v !== 'object' || v === null) return null;
	const m = v as Record<string, unknown>;
	switch (m.t) {
		case 'header':
			if (
				typeof m.name !== 'string' ||
				typeof m.type !== 'string' ||
				!Number.isSafeInteger(m.size) ||
				(m.size as number) < 0 ||
				!Number.isSafeInteger(m.segment) ||
				(m.segment as number) <= 0 ||
				(m.segment as number) > 16 * segmentSize
			)
				return null;
			return {
				t: 'header',
				name: m.name.slice(0, maxNameLength) || 'file',
				size: m.size as number,
				type: m.type.slice(0, 100),
				segment: m.segment as number
			};
		case 'end':
			return typeof m.hash === 'string' && /^[0-9a-f]{64}$/.test(m.hash) ? { t: 'end', hash: m.hash } : null;
		case 'verdict':
			return { t: 'verdict', ok: m.ok === true };
		case 'cancel':
			return { t: 'cancel' };
		default:
			return null;
	}
}

/** Hashes segments in order and gives the hash list's digest at the end. */
export class SegmentHasher {
	#digests: Promise<ArrayBuffer>[] = [];

	add(segment: Uint8Array<ArrayBuffer>): void {
		this.#digests.push(crypto.subtle.digest('SHA-256', segment));
	}

	async hex(): Promise<string> {
		const digests = await Promise.all(this.#digests);
		const all = new Uint8Array(digests.length * 32);
		digests.forEach((d, i) => all.set(new Uint8Array(d), i * 32));
		const top = new Uint8Array(await crypto.subtle.digest('SHA-256', all));
		return [...top].map((b) => b.toString(16).padStart(2, '0')).join('');
	}
}
