import * as lzModule from 'lz-string';
import { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';
import { Format, writeHeader } from './header';
import type { Role } from './model';

/**
 * The lz form: header (format 1 and role, 3 bits) followed by the whole SDP compressed
 * with lz-string's compressToUint8Array, byte by byte. Used for whatever the compact form cannot express
 * (media sections, another fingerprint hash, odd credentials…), so a valid description is never refused.
 */

// lz-string is a UMD bundle: Node's ESM loader only exposes it as `default`, bundlers as named exports.
const lz = (lzModule as typeof lzModule & { default?: typeof lzModule }).default ?? lzModule;
const BYTE_BITS = 8;

export function writeLz(role: Role, sdp: string): BitWriter {
	const writer = new BitWriter();
	writeHeader(writer, { format: Format.lz, role, setup: 'actpass', credentials: 0 });
	writer.writeBytes(lz.compressToUint8Array(sdp));
	return writer;
}

/** Everything after the header is compressed bytes; the last few bits are padding. */
export function readLz(reader: BitReader): string {
	const bytes = reader.readBytes(Math.floor(reader.remaining / BYTE_BITS));
	if (!reader.restIsZero()) throw new SignalError('ERR_CORRUPT');
	let sdp: string | null;
	try {
		sdp = lz.decompressFromUint8Array(bytes);
	} catch {
		sdp = null;
	}
	if (!sdp) throw new SignalError('ERR_UNSUPPORTED', 'This code could not be unpacked.');
	return sdp;
}
