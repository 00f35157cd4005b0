import { Radix } from './radix';
import { SignalError } from './errors';

/**
 * The frame around every payload (docs/signal-format.md §2):
 *
 *   code = L L D…D     L L: total code length mod R² in two digits (read even from a cut-off code)
 *                      D…D: the number X, most significant digit first, the last digit a letter or a digit
 *   X    = payload · 2^24 + c,  with X ≡ TARGET + r (mod CHECK_PRIME)
 *
 * r is 0 for a code that answers nothing (an offer), and 251 · (1 + tag) for an answer, where tag (16 bits) names
 * the offer it answers: the tag travels inside the check and costs no character. Changing one digit adds d·w to
 * X (0 < |d| < R, w = 36 · R^k or 1) and swapping two neighbours (a−b)·(R−1)·w or (a−b)·35; the prime is bigger
 * than every factor, so every single substitution and adjacent transposition changes r: a damaged code is
 * never read as the code it was. It may land on another valid r (then an answer reads as one for another
 * offer): never from the last digits (their d·w is no multiple of 251), and with probability 2^16/2^24 from the
 * others or from any other damage. docs/signal-format.md §2.
 */

export interface FrameSpec {
	readonly digits: Radix;
	/** Plain digits (no restriction on the last one) for the length prefix. */
	readonly prefix: Radix;
	readonly target: bigint;
	/** Whether r may carry an answer's tag (the first-version frame had none). */
	readonly tagged: boolean;
}

/**
 * Frame version 2: no `$` (Android 9–11 cuts links there), no `.` (dropped at the end, `..` cuts links in
 * linkify-it), no `*` (markdown emphasis), and a letter or digit at the end (`:`+`-`/` are trailing
 * punctuation to most linkifiers).
 */
const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ+-/:';
const LAST_RADIX = 36;
/** The first version's alphabet: only recognised, to say "from an older qrcall" (docs §2.4). */
const LEGACY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ$*+-./:';

export const CHECK_BITS = 24;
/** The largest prime below 2^24 (bigger than every digit weight factor, which the detection argument needs). */
const CHECK_PRIME = 16_777_213n;
export const TAG_BITS = 16;
const TAG_VALUES = 1n << BigInt(TAG_BITS);
/**
 * Tags are spread 251 apart: a prime above the radix and every digit weight's factors (2, 3, 5), so a change in
 * the last digits, whose d·w is below the prime, moves r off every tag; 251 · 2^16 < CHECK_PRIME.
 */
const TAG_SPACING = 251n;
const LENGTH_DIGITS = 2;
/** More surplus characters than this are taken for a cut (see isMissing). */
const MAX_EXTRA_CHARS = 16;
/** Fewer payload bits than this cannot even hold a header. */
const MIN_PAYLOAD_BITS = 8;

export function frameSpec(alphabet: string, lastRadix: number, target: bigint, tagged: boolean): FrameSpec {
	return { digits: new Radix(alphabet, lastRadix), prefix: new Radix(alphabet), target, tagged };
}

/** Targets differ between versions, so a code of one version never passes the other's check by chance. */
export const CURRENT = frameSpec(ALPHABET, LAST_RADIX, 0x2c0de2n, true);
export const LEGACY = frameSpec(LEGACY_ALPHABET, LEGACY_ALPHABET.length, 0x51c0den, false);

export interface Frame {
	/** Payload bits, left-aligned in `bits` bits (the padding at the end is zero). */
	payload: bigint;
	bits: number;
	/** The tag of the offer an answer answers; null for a code that answers nothing. */
	tag: number | null;
}

/** What seal needs of a payload: its bits, header first (a BitWriter). */
export interface Payload {
	readonly length: number;
	toBigInt(): bigint;
}

/** The code for a payload; `tag` (0 … 2^16 − 1) for an answer. */
export function seal(writer: Payload, tag: number | null = null, spec: FrameSpec = CURRENT): string {
	const digits = spec.digits.charsFor(writer.length + CHECK_BITS);
	const payloadBits = spec.digits.capacityBits(digits) - CHECK_BITS;
	const shifted = (writer.toBigInt() << BigInt(payloadBits - writer.length)) << BigInt(CHECK_BITS);
	const residue = tag === null ? 0n : TAG_SPACING * (1n + BigInt(tag));
	const check = mod(spec.target + residue - shifted, CHECK_PRIME);
	const total = BigInt((digits + LENGTH_DIGITS) % prefixModulus(spec));
	return spec.prefix.toDigits(total, LENGTH_DIGITS) + spec.digits.toDigits(shifted + check, digits);
}

/**
 * The payload of a bare code (upper-case code characters only). A code that fails the check is "cut off" when its
 * length prefix says characters are missing, and "damaged" otherwise; a code that passes the check but disagrees
 * with its length prefix had that prefix damaged.
 */
export function open(code: string, spec: FrameSpec = CURRENT): Frame {
	if (code.length <= LENGTH_DIGITS) throw new SignalError('ERR_TRUNCATED');
	const body = code.slice(LENGTH_DIGITS);
	const declared = Number(spec.prefix.toBigInt(code.slice(0, LENGTH_DIGITS)));
	const matches = code.length % prefixModulus(spec) === declared;
	const capacity = spec.digits.capacityBits(body.length);
	const value = spec.digits.isCode(body) ? spec.digits.toBigInt(body) : -1n;
	const residue = mod(value - spec.target, CHECK_PRIME);
	const intact =
		capacity >= CHECK_BITS + MIN_PAYLOAD_BITS &&
		value >= 0n &&
		value < 1n << BigInt(capacity) &&
		(residue === 0n || (spec.tagged && residue % TAG_SPACING === 0n && residue <= TAG_SPACING * TAG_VALUES));
	const cut = !matches && isMissing(declared, code.length, prefixModulus(spec));
	if (!intact) throw new SignalError(cut ? 'ERR_TRUNCATED' : 'ERR_CORRUPT');
	// Passing the exact check (r = 0) with a wrong prefix means the prefix was damaged. A tag's r is passed by
	// 1 in 256 cut codes, so there the prefix decides, as for a failed check.
	if (!matches) throw new SignalError(cut && residue !== 0n ? 'ERR_TRUNCATED' : 'ERR_CORRUPT');
	const tag = residue === 0n ? null : Number(residue / TAG_SPACING - 1n);
	return { payload: value >> BigInt(CHECK_BITS), bits: capacity - CHECK_BITS, tag };
}

/**
 * Whether the length prefix says characters are missing. Codes get cut by any amount (message size limits,
 * partial selection) but rarely gain more than a few stray characters, so only a small excess counts as extra.
 */
function isMissing(declared: number, length: number, modulus: number): boolean {
	const extra = (length - declared + modulus * 2) % modulus;
	return extra > MAX_EXTRA_CHARS;
}

/** Cheap pre-filter for the search through chat text: does the length prefix match? */
export function lengthMatches(code: string, spec: FrameSpec = CURRENT): boolean {
	if (code.length <= LENGTH_DIGITS || !isFramed(code, spec)) return false;
	return code.length % prefixModulus(spec) === Number(spec.prefix.toBigInt(code.slice(0, LENGTH_DIGITS)));
}

/** Whether every character could belong to a code of this frame. */
export function isFramed(code: string, spec: FrameSpec = CURRENT): boolean {
	return spec.prefix.isCode(code.slice(0, LENGTH_DIGITS)) && spec.digits.isCode(code.slice(LENGTH_DIGITS));
}

/** The code length (characters) a payload of `payloadBits` bits will take. */
export function codeLength(payloadBits: number, spec: FrameSpec = CURRENT): number {
	return spec.digits.charsFor(payloadBits + CHECK_BITS) + LENGTH_DIGITS;
}

function prefixModulus(spec: FrameSpec): number {
	return spec.prefix.radix ** LENGTH_DIGITS;
}

function mod(value: bigint, modulus: bigint): bigint {
	return ((value % modulus) + modulus) % modulus;
}
