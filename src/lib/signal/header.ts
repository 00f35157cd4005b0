import type { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';
import type { Role, Setup } from './model';

/**
 * The first payload bits (docs/signal-format.md §3.1):
 *   format (2) · role (1) · [compact only:] setup (answers only, 1) · credential format (1–3)
 * An offer's setup is always `actpass` (RFC 8842 §5.2); an answer's is `active` or `passive`. Anything else
 * takes the lz form. Formats 2–3 are left for newer apps. The credential format is a prefix code, shortest for
 * the longest credentials: 0 → `0` (libwebrtc), 1 → `10` (Firefox), 2 → `110`, 3 → `111`.
 */

export const Format = { compact: 0, lz: 1 } as const;
export type Format = (typeof Format)[keyof typeof Format];
const FORMAT_BITS = 2;
const ROLE_BITS = 1;
const SETUP_BITS = 1;
/** The prefix code of each credential format (credentials.ts), as [bits, width]. */
const CREDENTIAL_CODES: readonly (readonly [number, number])[] = [
	[0b0, 1],
	[0b10, 2],
	[0b110, 3],
	[0b111, 3]
];
const ANSWER_SETUPS: readonly Setup[] = ['active', 'passive'];

export interface Header {
	format: Format;
	role: Role;
	/** Compact form only (`actpass` in the lz form, where it is not written). */
	setup: Setup;
	/** Credential format (compact form only, 0 otherwise). */
	credentials: number;
}

/** Whether the compact header can say this role and setup. */
export function isWritableSetup(role: Role, setup: Setup): boolean {
	return role === 'offer' ? setup === 'actpass' : ANSWER_SETUPS.includes(setup);
}

export function writeHeader(writer: BitWriter, header: Header): void {
	writer.write(header.format, FORMAT_BITS);
	writer.write(header.role === 'answer' ? 1 : 0, ROLE_BITS);
	if (header.format === Format.lz) return;
	if (header.role === 'answer') writer.write(ANSWER_SETUPS.indexOf(header.setup), SETUP_BITS);
	const [bits, width] = CREDENTIAL_CODES[header.credentials] ?? [0, 0];
	if (width === 0) throw new RangeError('unknown credential format');
	writer.write(bits, width);
}

/** The check has already passed here, so an unknown format really is a newer one. */
export function readHeader(reader: BitReader): Header {
	const format = reader.read(FORMAT_BITS);
	const role: Role = reader.read(ROLE_BITS) === 1 ? 'answer' : 'offer';
	if (format === Format.lz) return { format, role, setup: 'actpass', credentials: 0 };
	if (format !== Format.compact) throw new SignalError('ERR_NEWER_VERSION');
	const setup = role === 'answer' ? (ANSWER_SETUPS[reader.read(SETUP_BITS)] ?? 'active') : 'actpass';
	return { format, role, setup, credentials: readCredentialFormat(reader) };
}

function readCredentialFormat(reader: BitReader): number {
	let credentials = 0;
	while (credentials < CREDENTIAL_CODES.length - 1 && reader.read(1) === 1) credentials++;
	return credentials;
}
