// Messages between scanner.ts (main thread) and scan.worker.ts. Types only.

/** Main thread → worker: the central square of one camera frame (its buffer is transferred). */
export interface ScanRequest {
	id: number;
	/** The square's side in pixels (at most frames.ts GRAB_SIDE). */
	side: number;
	/** RGBA pixels, `side * side * 4` bytes. */
	buffer: ArrayBuffer;
	/** Frame number since the scanner started: frames.ts picks this frame's processing by it. */
	index: number;
}

/** Worker → main thread: the answer to request `id`. */
export type ScanReply =
	{ id: number; text: string | null; via: 'native' | 'jsqr'; ms: number } | { id: number; error: string };
