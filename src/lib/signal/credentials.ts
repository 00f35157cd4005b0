import type { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';

/**
 * ICE credentials (`a=ice-ufrag`, `a=ice-pwd`), kept exactly, never rewritten (docs/signal-format.md §3.2):
 * 0 standard base64 (libwebrtc: 4 + 24 chars), 1 standard hex (Firefox: 8 + 32), 2 base64 and 3 printable ASCII
 * of any length 1–255 behind two 8-bit lengths.
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

export function writeCredentials(writer: BitWriter, format: number, ufrag: string, pwd: string): void {
	if (format === Credentials.base64 || format === Credentials.ascii) {
		writer.write(ufrag.length, LENGTH_BITS);
		writer.write(pwd.length, LENGTH_BITS);
	}
	const [alphabet, width] = alphabetOf(format);
	for (const char of ufrag + pwd) writer.write(alphabet ? alphabet.indexOf(char) : char.charCodeAt(0), width);
}

export function readCredentials(reader: BitReader, format: number): { ufrag: string; pwd: string } {
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
