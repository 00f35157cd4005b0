// The whole file's standard SHA-256 (what `sha256sum` prints), on request: the file (a Blob: the picked file,
// or the stored one) is read as a stream and hashed as it goes, so it never lives whole in memory, and never on
// the call's main thread.
import { StreamingSha256 } from './sha256';
import { errorOf } from './worker-protocol';

export type Sha256Reply = { sha256: string } | { error: string };

// Typed by hand: the `webworker` lib next to `dom` clashes in svelte-check (as in qr/scan.worker.ts).
const scope = self as unknown as {
	onmessage: ((event: MessageEvent<Blob>) => void) | null;
	postMessage(message: Sha256Reply): void;
};

async function hash(file: Blob): Promise<string> {
	const hasher = new StreamingSha256();
	const reader = file.stream().getReader();
	for (let read = await reader.read(); !read.done; read = await reader.read())
		await hasher.update(read.value);
	return hasher.hex();
}

scope.onmessage = ({ data }) => {
	hash(data).then(
		(sha256) => scope.postMessage({ sha256 }),
		(error: unknown) => scope.postMessage({ error: errorOf(error) })
	);
};
