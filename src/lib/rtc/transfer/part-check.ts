// The receiver's check of a file, part by part (./wire): the SHA-256 the sender gave for each part against the
// SHA-256 of the bytes stored for it, in whichever order the two arrive.

/** What the latest hash says: nothing wrong yet, a part that does not match, or more parts than the file has. */
export type PartNews = 'ok' | 'damaged' | 'too-many';

export class PartCheck {
	readonly #parts: number;
	readonly #sent: string[] = [];
	readonly #stored: string[] = [];
	#matched = 0;

	/** `parts`: how many the file has (wire's partsOf its announced size). */
	constructor(parts: number) {
		this.#parts = parts;
	}

	/** The sender's hash of its next part. */
	sent(sha256: string): PartNews {
		if (this.#sent.length >= this.#parts) return 'too-many';
		this.#sent.push(sha256);
		return this.#compare(this.#sent.length - 1);
	}

	/** The hash of part `index` as stored here. */
	stored(index: number, sha256: string): PartNews {
		if (index >= this.#parts) return 'too-many';
		this.#stored[index] = sha256;
		return this.#compare(index);
	}

	/** Every part arrived, was stored and matched. */
	get intact(): boolean {
		return this.#matched === this.#parts;
	}

	#compare(index: number): PartNews {
		const [sent, stored] = [this.#sent[index], this.#stored[index]];
		if (sent === undefined || stored === undefined) return 'ok';
		if (sent !== stored) return 'damaged';
		this.#matched++;
		return 'ok';
	}
}
