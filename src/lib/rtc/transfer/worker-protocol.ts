// Messages between a receiver and its worker (./file.worker.ts), which stores and hashes off the main thread.

export type WorkerRequest =
	/** Where to store the file (Origin Private File System), or in memory up to `memoryLimit`. */
	| { op: 'open'; root: string; dir: string; name: string; size: number; memoryLimit: number }
	/** The next bytes, in order. */
	| { op: 'write'; data: ArrayBuffer }
	/** All bytes were given: store and hash what is left of the last part. */
	| { op: 'finish' }
	| { op: 'abort' };

export type StorageKind = 'disk' | 'memory';

export type WorkerReply =
	| { op: 'opened'; storage: StorageKind }
	/** The SHA-256 of part `index` (from 0) as stored; every part's comes before 'finished'. */
	| { op: 'part'; index: number; sha256: string }
	/** The access handle is closed and the worker is going: the stored part may now be removed. */
	| { op: 'aborted' }
	/** `blob` only when stored in memory; a disk file is read back by the page from storage. */
	| { op: 'finished'; bytes: number; blob: Blob | null }
	| { op: 'error'; reason: 'space' | 'too-big' | 'storage'; detail: string };

/** How a worker (this one, ../sha256.worker.ts) describes an error in its reply: the console gets it. */
export const errorOf = (error: unknown): string =>
	error instanceof Error ? `${error.name}: ${error.message}` : String(error);
