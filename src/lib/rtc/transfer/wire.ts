// The file-transfer wire format, version 3, one RTCDataChannel per file (label "file:<id>", reliable and ordered):
//   sender → { t: 'header', v: 3, name, size, type }   then the file's bytes as binary chunks, in order
//   sender → { t: 'part', sha256 }                      after each part's bytes: the SHA-256 of that part (the
//                                                       file cut in parts of `partSize` bytes, the last shorter)
//   sender → { t: 'end' }                               every byte and every part's SHA-256 was sent
//   receiver → { t: 'verdict', ok }                     true once every part matched and the size is right; false
//                                                       at once (mid-file) when a part does not match
//   either → { t: 'cancel', reason? }                   then closes the channel; `reason` says why it gave up
// Why parts: the browser's own SHA-256 (WebCrypto, native: 1,020 MB/s in Chromium 156 here) takes a whole
// buffer, so it cannot hash a file as it streams by; a streaming SHA-256 in WebAssembly ran at 296 MB/s, and on
// both sides that cost a transfer ~7 ms of CPU per MB. A part's hash checks its bytes just as well, and says at
// once which MiB came damaged. The file's standard SHA-256 (what `sha256sum` prints) is computed on request
// from the file each side holds (./file-sha256.ts).
// Versions 1 (a hash of segment hashes at the end) and 2 (the whole file's SHA-256 at the end) are refused with
// a message that the other device runs an older version; a header with a higher `v`, that it runs a newer one.

export const channelPrefix = 'file:';
export const wireVersion = 3;
/**
 * Largest chunk we send when the connection allows more. Not Chromium's whole 256 KiB max-message-size:
 * 256 KiB chunks between two Chromium 156 got the channel closed mid-file (2 of 2 runs of 50 MB; 64 KiB: 0 of
 * many), and bench:transfer shows the bare channel no faster with bigger messages on this machine.
 */
export const maxChunk = 64 * 1024;
/** The smallest max-message-size WebRTC stacks announce (libdatachannel peers: 16384): the floor when unknown. */
export const minChunk = 16 * 1024;
/** Back-pressure: stop queueing above this much buffered, resume on 'bufferedamountlow' at the low mark. */
export const highWater = 8 * 1024 * 1024;
export const lowWater = 1024 * 1024;
/** Bytes per hashed part; the sender also reads the file a part at a time. */
export const partSize = 1 << 20;
/** Names arrive from the other side: shown and used as a download name, so bounded. */
export const maxNameLength = 255;

/** Why a side gave up, sent with 'cancel' so the other one can say it too. */
export type CancelReason = 'space' | 'too-big' | 'version' | 'protocol' | 'storage';

export type WireMessage =
	| { t: 'header'; name: string; size: number; type: string }
	/** A header of another wire version: `newer` when its `v` is above ours (v1 had no `v`: older). */
	| { t: 'other-header'; newer: boolean }
	| { t: 'part'; sha256: string }
	| { t: 'end' }
	| { t: 'verdict'; ok: boolean }
	| { t: 'cancel'; reason?: CancelReason };

const reasons: readonly CancelReason[] = ['space', 'too-big', 'version', 'protocol', 'storage'];

/**
 * Bytes per data-channel message: never above the connection's `pc.sctp.maxMessageSize` (a peer that declared
 * 16384 would otherwise get every chunk cut), at most `maxChunk`. 0 (unknown) falls back to the floor.
 */
export function chunkSizeFor(maxMessageSize: number | null | undefined): number {
	if (!maxMessageSize || !Number.isFinite(maxMessageSize) || maxMessageSize < 1) return minChunk;
	return Math.min(maxChunk, Math.floor(maxMessageSize));
}

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
			if (m.v !== wireVersion)
				return { t: 'other-header', newer: typeof m.v === 'number' && m.v > wireVersion };
			if (typeof m.name !== 'string' || typeof m.type !== 'string') return null;
			if (!Number.isSafeInteger(m.size) || (m.size as number) < 0) return null;
			return {
				t: 'header',
				name: m.name.slice(0, maxNameLength) || 'file',
				size: m.size as number,
				type: m.type.slice(0, 100)
			};
		case 'part':
			return typeof m.sha256 === 'string' && /^[0-9a-f]{64}$/.test(m.sha256)
				? { t: 'part', sha256: m.sha256 }
				: null;
		case 'end':
			return { t: 'end' };
		case 'verdict':
			return { t: 'verdict', ok: m.ok === true };
		case 'cancel':
			return reasons.includes(m.reason as CancelReason)
				? { t: 'cancel', reason: m.reason as CancelReason }
				: { t: 'cancel' };
		default:
			return null;
	}
}

export function header(file: File): string {
	return JSON.stringify({ t: 'header', v: wireVersion, name: file.name, size: file.size, type: file.type });
}

/** How many parts (and so 'part' messages) a file of `size` bytes has: none for an empty file. */
export const partsOf = (size: number): number => Math.ceil(size / partSize);

/** A part's SHA-256, as both sides compute it: WebCrypto's native digest (it copies the bytes at the call). */
export async function partSha256(bytes: BufferSource): Promise<string> {
	return hex(await crypto.subtle.digest('SHA-256', bytes));
}

/** A part's SHA-256 message. */
export function partMessage(sha256: string): string {
	return JSON.stringify({ t: 'part', sha256 });
}

/** Lowercase hex, as `sha256sum` prints a digest. */
function hex(digest: ArrayBuffer): string {
	return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
