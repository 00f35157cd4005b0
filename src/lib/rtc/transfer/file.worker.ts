// Stores and hashes a received file off the main thread, a part (./wire) at a time: each part is written in one
// go to the Origin Private File System through a synchronous access handle (workers only; Chromium, Firefox,
// Safari ≥ 15.2), so the file never lives whole in memory, and hashed with the browser's native SHA-256 for
// the receiver to compare with the sender's. Without OPFS (private windows of some browsers) the file is kept as
// Blob parts up to a limit.
import { partSha256, partSize } from './wire';
import { errorOf, type StorageKind, type WorkerReply, type WorkerRequest } from './worker-protocol';

// Typed by hand: the `webworker` lib next to `dom` clashes in svelte-check (as in qr/scan.worker.ts).
interface SyncAccessHandle {
	write(buffer: Uint8Array, options: { at: number }): number;
	flush(): void;
	close(): void;
}
interface OpfsFileHandle {
	createSyncAccessHandle(): Promise<SyncAccessHandle>;
}
const scope = self as unknown as {
	onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
	postMessage(message: WorkerReply): void;
};

interface Sink {
	readonly kind: StorageKind;
	write(bytes: Uint8Array): void;
	finish(): Blob | null;
	abort(): void;
}

class DiskSink implements Sink {
	readonly kind = 'disk';
	#at = 0;
	constructor(readonly access: SyncAccessHandle) {}
	write(bytes: Uint8Array): void {
		this.#at += this.access.write(bytes, { at: this.#at });
	}
	finish(): null {
		this.access.flush();
		this.access.close();
		return null;
	}
	abort(): void {
		this.access.close();
	}
}

class MemorySink implements Sink {
	readonly kind = 'memory';
	#parts: Blob[] = [];
	write(bytes: Uint8Array<ArrayBuffer>): void {
		this.#parts.push(new Blob([bytes]));
	}
	finish(): Blob {
		return new Blob(this.#parts);
	}
	abort(): void {
		this.#parts = [];
	}
}

async function openDisk(root: string, dir: string, name: string): Promise<Sink> {
	const top = await navigator.storage.getDirectory();
	const folder = await (
		await top.getDirectoryHandle(root, { create: true })
	).getDirectoryHandle(dir, {
		create: true
	});
	const handle = (await folder.getFileHandle(name, { create: true })) as unknown as OpfsFileHandle;
	return new DiskSink(await handle.createSyncAccessHandle());
}

let sink: Sink | null = null;
/** The part being filled, reused: storing and hashing each take their own copy of what they need. */
const part = new Uint8Array(partSize);
let filled = 0;
let parts = 0;
let bytes = 0;
/** Parts being hashed (WebCrypto, off this thread too); all are told before 'finished'. */
const hashing = new Set<Promise<void>>();

/** Stores the filled part and starts its hash. */
function endPart(to: Sink): void {
	const bytesOfPart = part.subarray(0, filled);
	to.write(bytesOfPart);
	const index = parts++;
	const digest = partSha256(bytesOfPart).then((sha256) => scope.postMessage({ op: 'part', index, sha256 }));
	hashing.add(digest);
	void digest.finally(() => hashing.delete(digest));
	filled = 0;
}

/** Copies the bytes into parts, ending each one that fills (a chunk may span two). */
function write(to: Sink, chunk: Uint8Array): void {
	for (let at = 0; at < chunk.byteLength;) {
		const n = Math.min(chunk.byteLength - at, partSize - filled);
		part.set(chunk.subarray(at, at + n), filled);
		[filled, at] = [filled + n, at + n];
		if (filled === partSize) endPart(to);
	}
}

/** Runs a write; one that fails (full disk, storage gone) drops the sink and says why. */
function storing(run: (to: Sink) => void): void {
	if (!sink) return;
	try {
		run(sink);
	} catch (error) {
		sink.abort();
		sink = null;
		const full = error instanceof DOMException && error.name === 'QuotaExceededError';
		scope.postMessage({ op: 'error', reason: full ? 'space' : 'storage', detail: errorOf(error) });
	}
}

async function handle(request: WorkerRequest): Promise<void> {
	switch (request.op) {
		case 'open': {
			try {
				sink = await openDisk(request.root, request.dir, request.name);
			} catch (error) {
				if (request.size > request.memoryLimit)
					return scope.postMessage({ op: 'error', reason: 'too-big', detail: errorOf(error) });
				sink = new MemorySink();
			}
			return scope.postMessage({ op: 'opened', storage: sink.kind });
		}
		case 'write': {
			const chunk = new Uint8Array(request.data);
			bytes += chunk.byteLength;
			return storing((to) => write(to, chunk));
		}
		case 'finish': {
			if (filled > 0) storing(endPart);
			if (!sink) return;
			await Promise.all(hashing);
			const blob = sink.finish();
			sink = null;
			return scope.postMessage({ op: 'finished', bytes, blob });
		}
		case 'abort':
			// Closes the access handle before the worker goes, so the file's lock is free for its removal.
			sink?.abort();
			sink = null;
			scope.postMessage({ op: 'aborted' });
			(self as unknown as { close(): void }).close();
	}
}

// One request at a time, in order: a write must not overtake the open it follows.
let queue = Promise.resolve();
scope.onmessage = ({ data }) => {
	queue = queue.then(() =>
		handle(data).catch((error: unknown) =>
			scope.postMessage({ op: 'error', reason: 'storage', detail: errorOf(error) })
		)
	);
};
