import { isExactIPv4, isPackable, readAddress, readIPv4, writeAddress, writeIPv4 } from './address';
import { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';
import { Format, isWritableSetup, writeHeader, type Header } from './header';
import { credentialFormat, readCredentials, writeCredentials } from './credentials';
import { readMediaProfile, writeMediaProfile } from './media-record';
import {
	CANDIDATE_TYPES,
	FINGERPRINT_BYTES,
	MAX_MESSAGE_SIZE_DEFAULT,
	type Bootstrap,
	type Candidate
} from './model';

/**
 * The compact payload after the header:
 *   credentials · fingerprint (256 bits) · records until only padding (< 6 zero bits) is left.
 * A record is a candidate or an extension (docs/signal-format.md §3.2):
 *   1 · IPv4 (32) · port (16)                            host IPv4, the common case
 *   01 · type (2, not host) · IPv4 (32) · port (16)       srflx, prflx or relay IPv4
 *   01 · 00 · extension (2) · value                       1: ice-lite; 2: max-message-size (32 bits);
 *                                                         3: media (7 or 35 bits, ./media-record)
 *   00 · type (2) · kind (2, not IPv4) · address · port   any other candidate (IPv6, mDNS, names)
 */

const CANDIDATE_TYPE_BITS = 2;
const EXTENSION_BITS = 2;
const MESSAGE_SIZE_BITS = 32;
const Extension = { iceLite: 1, maxMessageSize: 2, media: 3 } as const;
/** Record prefixes: `1` host IPv4, `01` other IPv4 (type host = an extension), `00` anything else. */
const Record = { hostIPv4: 0b1, ipv4: 0b01, other: 0b00 } as const;
const HOST = 0;
/** Seal pads to a whole character, which is at most 5 bits here; every record is longer. */
const MAX_PADDING_BITS = 5;

/** Whether a bootstrap can be packed (every candidate address must be; see address.ts). */
export function isCompactable(bootstrap: Bootstrap): boolean {
	return (
		credentialFormat(bootstrap.ufrag, bootstrap.pwd) !== null &&
		isWritableSetup(bootstrap.role, bootstrap.setup) &&
		bootstrap.fingerprint.length === FINGERPRINT_BYTES &&
		bootstrap.candidates.every((candidate) => isPackable(candidate.address))
	);
}

export function writeCompact(bootstrap: Bootstrap): BitWriter {
	const credentials = credentialFormat(bootstrap.ufrag, bootstrap.pwd);
	if (credentials === null) throw new RangeError('credentials cannot be packed');
	const writer = new BitWriter();
	const { role, setup } = bootstrap;
	writeHeader(writer, { format: Format.compact, role, setup, credentials });
	writeCredentials(writer, credentials, bootstrap.ufrag, bootstrap.pwd);
	writer.writeBytes(bootstrap.fingerprint);
	for (const candidate of bootstrap.candidates) writeCandidate(writer, candidate);
	if (bootstrap.iceLite) writeExtension(writer, Extension.iceLite);
	if (bootstrap.maxMessageSize !== null) {
		writeExtension(writer, Extension.maxMessageSize);
		writer.write(bootstrap.maxMessageSize, MESSAGE_SIZE_BITS);
	}
	if (bootstrap.media) {
		writeExtension(writer, Extension.media);
		writeMediaProfile(writer, bootstrap.media);
	}
	return writer;
}

export function readCompact(reader: BitReader, header: Header): Bootstrap {
	const credentials = readCredentials(reader, header.credentials);
	const fingerprint = reader.readBytes(FINGERPRINT_BYTES);
	const bootstrap: Bootstrap = {
		role: header.role,
		setup: header.setup,
		...credentials,
		fingerprint,
		candidates: [],
		iceLite: false,
		maxMessageSize: null,
		media: null
	};
	while (reader.remaining > MAX_PADDING_BITS) readRecord(reader, bootstrap);
	if (!reader.restIsZero()) throw new SignalError('ERR_CORRUPT');
	return bootstrap;
}

function writeCandidate(writer: BitWriter, candidate: Candidate): void {
	const type = CANDIDATE_TYPES.indexOf(candidate.type);
	if (!isExactIPv4(candidate.address)) {
		writer.write(Record.other, 2);
		writer.write(type, CANDIDATE_TYPE_BITS);
		return writeAddress(writer, candidate.address, candidate.port);
	}
	if (type === HOST) writer.write(Record.hostIPv4, 1);
	else {
		writer.write(Record.ipv4, 2);
		writer.write(type, CANDIDATE_TYPE_BITS);
	}
	writeIPv4(writer, candidate.address, candidate.port);
}

function writeExtension(writer: BitWriter, extension: number): void {
	writer.write(Record.ipv4, 2);
	writer.write(HOST, CANDIDATE_TYPE_BITS);
	writer.write(extension, EXTENSION_BITS);
}

function readRecord(reader: BitReader, bootstrap: Bootstrap): void {
	if (reader.read(1) === Record.hostIPv4) {
		bootstrap.candidates.push({ ...readIPv4(reader), type: 'host' });
		return;
	}
	const ipv4 = reader.read(1) === 1;
	const typeIndex = reader.read(CANDIDATE_TYPE_BITS);
	const type = CANDIDATE_TYPES[typeIndex] ?? 'host';
	if (!ipv4) bootstrap.candidates.push({ ...readAddress(reader), type });
	else if (typeIndex !== HOST) bootstrap.candidates.push({ ...readIPv4(reader), type });
	else readExtension(reader, bootstrap);
}

function readExtension(reader: BitReader, bootstrap: Bootstrap): void {
	const extension = reader.read(EXTENSION_BITS);
	if (extension === Extension.iceLite && !bootstrap.iceLite) bootstrap.iceLite = true;
	else if (extension === Extension.maxMessageSize && bootstrap.maxMessageSize === null)
		bootstrap.maxMessageSize = readMessageSize(reader);
	else if (extension === Extension.media && bootstrap.media === null)
		bootstrap.media = readMediaProfile(reader);
	// The reserved extension is what a newer app would write; a repeated one only comes from damage.
	else throw new SignalError(extension === 0 ? 'ERR_NEWER_VERSION' : 'ERR_CORRUPT');
}

/** Only values below the default are written (docs §3.2), so anything else is damage. */
function readMessageSize(reader: BitReader): number {
	const size = reader.read(MESSAGE_SIZE_BITS);
	if (size <= 0 || size >= MAX_MESSAGE_SIZE_DEFAULT) throw new SignalError('ERR_CORRUPT');
	return size;
}
