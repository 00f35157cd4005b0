import type { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';
import type { Role } from './model';

/**
 * The first payload byte: format (3 bits) · role (1) · setup (2) · credential format (2).
 * Format 0 is never written (a zero byte would make an all-zero code meaningful); 3–7 are left for newer apps.
 */

export const Format = { compact: 1, lz: 2 } as const;
export type Format = (typeof Format)[keyof typeof Format];
const FORMAT_BITS = 3;
const ROLE_BITS = 1;
export const SETUP_BITS = 2;
export const CREDENTIAL_BITS = 2;

export interface Header {
	format: Format;
	role: Role;
	/** Index into SETUPS (compact form only, 0 otherwise). */
	setup: number;
	/** Credential format (compact form only, 0 otherwise). */
	credentials: number;
}

export function writeHeader(writer: BitWriter, header: Header): void {
	writer.write(header.format, FORMAT_BITS);
	writer.write(header.role === 'answer' ? 1 : 0, ROLE_BITS);
	writer.write(header.setup, SETUP_BITS);
	writer.write(header.credentials, CREDENTIAL_BITS);
}

/** The check has already passed here, so an unknown format really is a newer one. */
export function readHeader(reader: BitReader): Header {
	const format = reader.read(FORMAT_BITS);
	const role = reader.read(ROLE_BITS) === 1 ? 'answer' : 'offer';
	const setup = reader.read(SETUP_BITS);
	const credentials = reader.read(CREDENTIAL_BITS);
	if (format === Format.compact || format === Format.lz) return { format, role, setup, credentials };
	throw new SignalError(format === 0 ? 'ERR_CORRUPT' : 'ERR_NEWER_VERSION');
}
