// Hashes and stores a file off the main thread. The receiver's bytes go to the Origin Private File System
// through a synchronous access handle (workers only; Chromium, Firefox, Safari ≥ 15.2), so the file never
// lives whole in memory; without OPFS (private windows of some browsers) it is kept as Blob parts up to a limit.
import { StreamingSha256 } from './sha256';
import type { StorageKind, WorkerReply, WorkerRequest } from './worker-protocol';

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
let hasher = new StreamingSha256();
let bytes = 0;

const errorOf = (error: unknown) =>
	error instanceof Error ? `${error.name}: ${error.message}` : String(error);

async function handle(request: WorkerRequest): Promise<void> {
	switch (request.op) {
		case 'update':
			return hasher.update(new Uint8Array(request.data));
		case 'digest':
			return scope.postMessage({ op: 'hashed', sha256: await hasher.hex() });
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
			if (!sink) return;
			const chunk = new Uint8Array(request.data);
			bytes += chunk.byteLength;
			await hasher.update(chunk);
			try {
				sink.write(chunk);
			} catch (error) {
				sink.abort();
				sink = null;
				const full = error instanceof DOMException && error.name === 'QuotaExceededError';
				scope.postMessage({ op: 'error', reason: full ? 'space' : 'storage', detail: errorOf(error) });
			}
			return;
		}
		case 'finish': {
			const blob = sink?.finish() ?? null;
			sink = null;
			return scope.postMessage({ op: 'finished', sha256: await hasher.hex(), bytes, blob });
		}
		case 'abort':
			// Closes the access handle before the worker goes, so the file's lock is free for its removal.
			sink?.abort();
			sink = null;
			hasher = new StreamingSha256();
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
