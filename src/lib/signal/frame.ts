import { bigIntToDigits, capacityBits, charsFor, digitsToBigInt } from './base43';
import { SignalError } from './errors';

/**
 * The frame every code shares, whatever its version (it must never change, so that an old app can still tell a
 * newer code from a damaged one):
 *
 *   code = L L D…D     L L: total code length mod 43² in two base-43 digits (read even from a cut-off code)
 *                      D…D: the number X in base 43, most significant digit first
 *   X    = payload · 2^24 + check,  with X ≡ CHECK_TARGET (mod CHECK_PRIME)
 *
 * The payload fills the top capacity−24 bits (capacity = floor(digits · log2 43)), left-aligned and zero-padded.
 * Changing one digit adds d·43^k (0 < |d| < 43) to X and swapping two neighbours adds (a−b)·42·43^k; neither is
 * divisible by the prime, so every single substitution and adjacent transposition is detected, and any other
 * damage slips through with probability 2^-24.
 */

const LENGTH_DIGITS = 2;
const LENGTH_MODULUS = 43 * 43;
export const CHECK_BITS = 24;
/** The largest prime below 2^24 (bigger than the radix 43, which the detection argument needs). */
const CHECK_PRIME = 16_777_213n;
/** Non-zero, so that a code made of zeros is not valid. */
const CHECK_TARGET = 0x51c0den % CHECK_PRIME;
/** More surplus characters than this are taken for a cut (see isMissing). */
const MAX_EXTRA_CHARS = 16;
/** Fewer payload bits than this cannot even hold a header byte. */
const MIN_PAYLOAD_BITS = 8;

export interface Frame {
	/** Payload bits, left-aligned in `bits` bits (the padding at the end is zero). */
	payload: bigint;
	bits: number;
}

/** What seal needs of a payload: its bits, header first (a BitWriter). */
export interface Payload {
	readonly length: number;
	toBigInt(): bigint;
}

/** The code for a payload. */
export function seal(writer: Payload): string {
	const digits = charsFor(writer.length + CHECK_BITS);
	const payloadBits = capacityBits(digits) - CHECK_BITS;
	const payload = writer.toBigInt() << BigInt(payloadBits - writer.length);
	const shifted = payload << BigInt(CHECK_BITS);
	const check = (((CHECK_TARGET - shifted) % CHECK_PRIME) + CHECK_PRIME) % CHECK_PRIME;
	const total = digits + LENGTH_DIGITS;
	return (
		bigIntToDigits(BigInt(total % LENGTH_MODULUS), LENGTH_DIGITS) + bigIntToDigits(shifted + check, digits)
	);
}

/**
 * The payload of a bare code (upper-case code characters only). A code that fails the check is "cut off" when its
 * length prefix says characters are missing, and "damaged" otherwise; a code that passes the check but disagrees
 * with its length prefix had that prefix damaged.
 */
export function open(code: string): Frame {
	if (code.length <= LENGTH_DIGITS) throw new SignalError('ERR_TRUNCATED');
	const declared = Number(digitsToBigInt(code.slice(0, LENGTH_DIGITS)));
	const lengthMatches = code.length % LENGTH_MODULUS === declared;
	const capacity = capacityBits(code.length - LENGTH_DIGITS);
	const value = digitsToBigInt(code.slice(LENGTH_DIGITS));
	const intact =
		capacity >= CHECK_BITS + MIN_PAYLOAD_BITS &&
		value < 1n << BigInt(capacity) &&
		value % CHECK_PRIME === CHECK_TARGET;
	if (!intact) {
		throw new SignalError(
			!lengthMatches && isMissing(declared, code.length) ? 'ERR_TRUNCATED' : 'ERR_CORRUPT'
		);
	}
	if (!lengthMatches) throw new SignalError('ERR_CORRUPT');
	return { payload: value >> BigInt(CHECK_BITS), bits: capacity - CHECK_BITS };
}

/**
 * Whether the length prefix says characters are missing. Codes get cut by any amount (message size limits,
 * partial selection) but rarely gain more than a few stray characters, so only a small excess counts as extra.
 */
function isMissing(declared: number, length: number): boolean {
	const extra = (length - declared + LENGTH_MODULUS * 2) % LENGTH_MODULUS;
	return extra > MAX_EXTRA_CHARS;
}

/** Cheap pre-filter for the search through chat text: does the length prefix match? */
export function lengthMatches(code: string): boolean {
	if (code.length <= LENGTH_DIGITS) return false;
	return code.length % LENGTH_MODULUS === Number(digitsToBigInt(code.slice(0, LENGTH_DIGITS)));
}

/** The code length (characters) a payload of `payloadBits` bits will take. */
export function codeLength(payloadBits: number): number {
	return charsFor(payloadBits + CHECK_BITS) + LENGTH_DIGITS;
}
