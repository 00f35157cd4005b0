// The file's standard SHA-256, computed as the bytes stream by (hash-wasm: WebCrypto has no streaming digest).
// Runs in the transfer worker, so hashing never competes with the call on the main thread.
import { createSHA256, type IHasher } from 'hash-wasm';

export class StreamingSha256 {
	#hasher: Promise<IHasher>;

	constructor() {
		this.#hasher = createSHA256().then((h) => h.init());
	}

	/** Adds bytes; call in order, each after the previous one settled (or without awaiting, in order). */
	async update(bytes: Uint8Array): Promise<void> {
		const hasher = await this.#hasher;
		hasher.update(bytes);
	}

	/** Lowercase hex, as `sha256sum` prints it. */
	async hex(): Promise<string> {
		return (await this.#hasher).digest('hex');
	}
}
