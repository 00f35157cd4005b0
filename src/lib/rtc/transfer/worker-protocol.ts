// Messages between a transfer and its worker (./file.worker.ts), which hashes and stores off the main thread.

export type WorkerRequest =
	/** Sender: the bytes just sent, in order (hashed at the pace of sending, not in one burst). */
	| { op: 'update'; data: ArrayBuffer }
	/** Sender: all bytes were given; reply with the SHA-256. */
	| { op: 'digest' }
	/** Receiver: where to store the file (Origin Private File System), or in memory up to `memoryLimit`. */
	| { op: 'open'; root: string; dir: string; name: string; size: number; memoryLimit: number }
	| { op: 'write'; data: ArrayBuffer }
	| { op: 'finish' }
	| { op: 'abort' };

export type StorageKind = 'disk' | 'memory';

export type WorkerReply =
	| { op: 'hashed'; sha256: string }
	| { op: 'opened'; storage: StorageKind }
	/** The access handle is closed and the worker is going: the stored part may now be removed. */
	| { op: 'aborted' }
	/** `blob` only when stored in memory; a disk file is read back by the page from storage. */
	| { op: 'finished'; sha256: string; bytes: number; blob: Blob | null }
	| { op: 'error'; reason: 'space' | 'too-big' | 'storage'; detail: string };
