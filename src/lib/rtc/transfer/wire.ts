// The file-transfer wire format, one RTCDataChannel per file (label "file:<id>", reliable and ordered):
//   sender → { t: 'header', v: 2, name, size, type }   then binary chunks of the file, in order
//   sender → { t: 'end', sha256 }                       the file's standard SHA-256 (what `sha256sum` prints)
//   receiver → { t: 'verdict', ok }                     after comparing with the SHA-256 of what it stored
//   either → { t: 'cancel', reason? }                   then closes the channel; `reason` says why it gave up
// Version 1 (a header with `segment`, an `end` with a hash over 1 MiB segment hashes) is refused with a message
// that the other device runs another version.

export const channelPrefix = 'file:';
export const wireVersion = 2;
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
/** The sender reads the file this many bytes at a time. */
export const readSize = 1 << 20;
/** Names arrive from the other side: shown and used as a download name, so bounded. */
export const maxNameLength = 255;

/** Why a side gave up, sent with 'cancel' so the other one can say it too. */
export type CancelReason = 'space' | 'too-big' | 'version' | 'protocol' | 'storage';

export type WireMessage =
	| { t: 'header'; name: string; size: number; type: string }
	| { t: 'old-header' }
	| { t: 'end'; sha256: string }
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
			if (m.v !== wireVersion) return { t: 'old-header' };
			if (typeof m.name !== 'string' || typeof m.type !== 'string') return null;
			if (!Number.isSafeInteger(m.size) || (m.size as number) < 0) return null;
			return {
				t: 'header',
				name: m.name.slice(0, maxNameLength) || 'file',
				size: m.size as number,
				type: m.type.slice(0, 100)
			};
		case 'end':
			return typeof m.sha256 === 'string' && /^[0-9a-f]{64}$/.test(m.sha256)
				? { t: 'end', sha256: m.sha256 }
				: null;
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
