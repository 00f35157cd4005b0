import { SignalError } from './errors';

/**
 * Bit strings, most significant bit first. Kept as '0'/'1' text: payloads are at most a few thousand bytes and
 * BigInt('0b…') converts them in one linear step, which keeps the code short and obviously correct.
 */
export class BitWriter {
	readonly #parts: string[] = [];
	#length = 0;

	get length(): number {
		return this.#length;
	}

	/** `width` ≤ 32 bits of an unsigned integer. */
	write(value: number, width: number): void {
		if (!Number.isInteger(value) || value < 0 || value >= 2 ** width) throw new RangeError('field overflow');
		this.#parts.push(value.toString(2).padStart(width, '0'));
		this.#length += width;
	}

	writeBytes(bytes: Uint8Array): void {
		for (const byte of bytes) this.write(byte, 8);
	}

	toBigInt(): bigint {
		return this.#length === 0 ? 0n : BigInt('0b' + this.#parts.join(''));
	}
}

export class BitReader {
	readonly #bits: string;
	#position = 0;

	constructor(value: bigint, length: number) {
		const bits = value.toString(2).padStart(length, '0');
		if (bits.length !== length) throw new SignalError('ERR_CORRUPT');
		this.#bits = bits;
	}

	get remaining(): number {
		return this.#bits.length - this.#position;
	}

	/** A field longer than the data means the structure is wrong, which only a damaged code can cause. */
	read(width: number): number {
		if (width > this.remaining) throw new SignalError('ERR_CORRUPT');
		const field = this.#bits.slice(this.#position, this.#position + width);
		this.#position += width;
		return width === 0 ? 0 : parseInt(field, 2);
	}

	readBytes(count: number): Uint8Array {
		const bytes = new Uint8Array(count);
		for (let i = 0; i < count; i++) bytes[i] = this.read(8);
		return bytes;
	}

	/** Padding after the last field must be zero bits. */
	restIsZero(): boolean {
		return !this.#bits.includes('1', this.#position);
	}
}
