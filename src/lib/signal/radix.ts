/**
 * Big numbers written in a digit alphabet of QR alphanumeric characters. QR alphanumeric mode stores 2
 * characters in 11 bits, so a digit of radix R carries log2 R of the 5.5 bits it costs.
 *
 * The last digit may come from a shorter alphabet (the first `lastRadix` characters): codes end with a letter or
 * a digit, because chat apps' linkifiers drop a trailing `:`, `+`, `-` or `/` from a link. The number is then
 * X = (D1 … Dn-1 in radix R) · lastRadix + Dn.
 */

/** 43^k < 2^53 for k ≤ 9, so nine digits at a time fit a float exactly (every radix here is ≤ 43). */
const CHUNK_DIGITS = 9;
/** Codes longer than this are rare (lz form); their capacity is recomputed rather than kept. */
const CACHE_LIMIT_CHARS = 4096;

export class Radix {
	readonly alphabet: string;
	readonly radix: number;
	readonly lastRadix: number;
	readonly #index: Map<string, number>;
	readonly #chunkRadix: bigint;
	readonly #capacity = new Map<number, number>();

	constructor(alphabet: string, lastRadix: number = alphabet.length) {
		this.alphabet = alphabet;
		this.radix = alphabet.length;
		this.lastRadix = lastRadix;
		this.#index = new Map([...alphabet].map((char, index) => [char, index]));
		this.#chunkRadix = BigInt(this.radix) ** BigInt(CHUNK_DIGITS);
	}

	isDigit(char: string): boolean {
		return this.#index.has(char);
	}

	/** Every character is a digit, and the last one a digit of the last position. */
	isCode(text: string): boolean {
		for (const char of text) if (!this.#index.has(char)) return false;
		return (this.#index.get(text.charAt(text.length - 1)) ?? 0) < this.lastRadix;
	}

	/** Most significant digit first. The caller guarantees `isCode(digits)`. */
	toBigInt(digits: string): bigint {
		if (!digits) return 0n;
		const last = BigInt(this.#index.get(digits.charAt(digits.length - 1)) ?? 0);
		return this.#plainToBigInt(digits.slice(0, -1)) * BigInt(this.lastRadix) + last;
	}

	/** Exactly `count` digits, most significant first; value must be below `limit(count)`. */
	toDigits(value: bigint, count: number): string {
		const last = this.alphabet.charAt(Number(value % BigInt(this.lastRadix)));
		return this.#plainToDigits(value / BigInt(this.lastRadix), count - 1) + last;
	}

	/** The largest c with 2^c ≤ the number of values `chars` digits can write: how many whole bits they carry. */
	capacityBits(chars: number): number {
		const cached = this.#capacity.get(chars);
		if (cached !== undefined) return cached;
		// The limit has a factor 3 or 5 (every radix used) and is never a power of two, so its bit length minus
		// one is exactly floor(log2 limit).
		const bits = this.limit(chars).toString(2).length - 1;
		if (chars <= CACHE_LIMIT_CHARS) this.#capacity.set(chars, bits);
		return bits;
	}

	/** The fewest characters whose capacity holds `bits` bits. */
	charsFor(bits: number): number {
		let chars = Math.max(1, Math.floor(bits / Math.log2(this.radix)) - 1);
		while (this.capacityBits(chars) < bits) chars++;
		return chars;
	}

	/** How many values `chars` digits can write. */
	limit(chars: number): bigint {
		return chars < 1 ? 1n : BigInt(this.radix) ** BigInt(chars - 1) * BigInt(this.lastRadix);
	}

	#plainToBigInt(digits: string): bigint {
		let value = 0n;
		for (let start = 0; start < digits.length; start += CHUNK_DIGITS) {
			const part = digits.slice(start, start + CHUNK_DIGITS);
			let chunk = 0;
			for (const char of part) chunk = chunk * this.radix + (this.#index.get(char) ?? 0);
			value = value * BigInt(this.radix) ** BigInt(part.length) + BigInt(chunk);
		}
		return value;
	}

	#plainToDigits(value: bigint, count: number): string {
		const chunks: string[] = [];
		let rest = value;
		for (let produced = 0; produced < count; produced += CHUNK_DIGITS) {
			let chunk = Number(rest % this.#chunkRadix);
			rest /= this.#chunkRadix;
			let text = '';
			for (let i = 0; i < CHUNK_DIGITS; i++) {
				text = this.alphabet.charAt(chunk % this.radix) + text;
				chunk = Math.floor(chunk / this.radix);
			}
			chunks.push(text);
		}
		if (rest !== 0n) throw new RangeError('value does not fit the digit count');
		const digits = chunks.reverse().join('');
		return digits.slice(digits.length - count);
	}
}
