import { isPackable, readAddress, writeAddress } from './address';
import { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';
import { Format, writeHeader, type Header } from './header';
import { CANDIDATE_TYPES, FINGERPRINT_BYTES, SETUPS, type Bootstrap, type Candidate } from './model';

/**
 * The compact payload after the header byte:
 *   credentials · fingerprint (256 bits) · candidates until only padding (< 8 zero bits) is left.
 * Each candidate is type (2 bits) · address kind (2) · address · port (16).
 */

const Credentials = { base64Standard: 0, hexStandard: 1, base64: 2, ascii: 3 } as const;
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const BASE64_BITS = 6;
const HEX_BITS = 4;
const ASCII_BITS = 8;
const LENGTH_BITS = 8;
const MAX_LENGTH = 2 ** LENGTH_BITS - 1;
/** libwebrtc (Chromium, Safari) ufrag/pwd lengths, and Firefox's (in hex digits). */
const BASE64_STANDARD = [4, 24] as const;
const HEX_STANDARD = [8, 32] as const;
const CANDIDATE_TYPE_BITS = 2;
/** Seal pads to a whole character, which is under 6 bits; anything shorter than a candidate is padding. */
const MAX_PADDING_BITS = 7;
const PRINTABLE = /^[\x21-\x7e]+$/;

const onlyFrom = (alphabet: string, text: string) => [...text].every((char) => alphabet.includes(char));
const hasLengths = (ufrag: string, pwd: string, lengths: readonly [number, number]) =>
	ufrag.length === lengths[0] && pwd.length === lengths[1];

/** The cheapest credential format that keeps both strings exactly, or null (then the lz form is used). */
export function credentialFormat(ufrag: string, pwd: string): number | null {
	const both = (alphabet: string) => onlyFrom(alphabet, ufrag) && onlyFrom(alphabet, pwd);
	if (!ufrag || !pwd || ufrag.length > MAX_LENGTH || pwd.length > MAX_LENGTH) return null;
	if (both(HEX) && hasLengths(ufrag, pwd, HEX_STANDARD)) return Credentials.hexStandard;
	if (both(BASE64))
		return hasLengths(ufrag, pwd, BASE64_STANDARD) ? Credentials.base64Standard : Credentials.base64;
	return PRINTABLE.test(ufrag) && PRINTABLE.test(pwd) ? Credentials.ascii : null;
}

/** Whether a bootstrap can be packed (every candidate address must be; see address.ts). */
export function isCompactable(bootstrap: Bootstrap): boolean {
	return (
		credentialFormat(bootstrap.ufrag, bootstrap.pwd) !== null &&
		bootstrap.fingerprint.length === FINGERPRINT_BYTES &&
		bootstrap.candidates.every((candidate) => isPackable(candidate.address))
	);
}

export function writeCompact(bootstrap: Bootstrap): BitWriter {
	const credentials = credentialFormat(bootstrap.ufrag, bootstrap.pwd);
	if (credentials === null) throw new RangeError('credentials cannot be packed');
	const writer = new BitWriter();
	const setup = SETUPS.indexOf(bootstrap.setup);
	writeHeader(writer, { format: Format.compact, role: bootstrap.role, setup, credentials });
	writeCredentials(writer, credentials, bootstrap.ufrag, bootstrap.pwd);
	writer.writeBytes(bootstrap.fingerprint);
	for (const candidate of bootstrap.candidates) {
		writer.write(CANDIDATE_TYPES.indexOf(candidate.type), CANDIDATE_TYPE_BITS);
		writeAddress(writer, candidate.address, candidate.port);
	}
	return writer;
}

export function readCompact(reader: BitReader, header: Header): Bootstrap {
	const setup = SETUPS[header.setup];
	if (!setup) throw new SignalError('ERR_CORRUPT');
	const credentials = readCredentials(reader, header.credentials);
	const fingerprint = reader.readBytes(FINGERPRINT_BYTES);
	const candidates: Candidate[] = [];
	while (reader.remaining > MAX_PADDING_BITS) {
		const type = CANDIDATE_TYPES[reader.read(CANDIDATE_TYPE_BITS)] ?? 'host';
		candidates.push({ ...readAddress(reader), type });
	}
	if (!reader.restIsZero()) throw new SignalError('ERR_CORRUPT');
	return { role: header.role, setup, ...credentials, fingerprint, candidates };
}

function writeCredentials(writer: BitWriter, format: number, ufrag: string, pwd: string): void {
	if (format === Credentials.base64 || format === Credentials.ascii) {
		writer.write(ufrag.length, LENGTH_BITS);
		writer.write(pwd.length, LENGTH_BITS);
	}
	const [alphabet, width] = alphabetOf(format);
	for (const char of ufrag + pwd) writer.write(alphabet ? alphabet.indexOf(char) : char.charCodeAt(0), width);
}

function readCredentials(reader: BitReader, format: number): { ufrag: string; pwd: string } {
	let lengths: readonly number[];
	if (format === Credentials.hexStandard) lengths = HEX_STANDARD;
	else if (format === Credentials.base64Standard) lengths = BASE64_STANDARD;
	else lengths = [reader.read(LENGTH_BITS), reader.read(LENGTH_BITS)];
	const [alphabet, width] = alphabetOf(format);
	const [ufrag = '', pwd = ''] = lengths.map((length) => {
		let text = '';
		for (let i = 0; i < length; i++) {
			const value = reader.read(width);
			text += alphabet ? alphabet.charAt(value) : String.fromCharCode(value);
		}
		return text;
	});
	// Empty credentials, or spaces and line breaks (which would inject SDP lines), only come from a damaged code.
	if (!PRINTABLE.test(ufrag) || !PRINTABLE.test(pwd)) throw new SignalError('ERR_CORRUPT');
	return { ufrag, pwd };
}

/** The character table (null: raw ASCII code) and bits per character of a credential format. */
function alphabetOf(format: number): [string | null, number] {
	if (format === Credentials.hexStandard) return [HEX, HEX_BITS];
	if (format === Credentials.ascii) return [null, ASCII_BITS];
	return [BASE64, BASE64_BITS];
}
