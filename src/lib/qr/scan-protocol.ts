// Messages between scanner.ts (main thread) and scan.worker.ts. Types only.

/** Main thread → worker: the central square of one camera frame (its buffer is transferred). */
export interface ScanRequest {
	id: number;
	/** The square's side in pixels (at most frames.ts GRAB_SIDE). */
	side: number;
	/** RGBA pixels, `side * side * 4` bytes. */
	buffer: ArrayBuffer;
	/** Frame number since the scanner started: read-frame.ts picks this frame's processing by it. */
	index: number;
}

/** What the worker made of one frame. */
export interface ScanResult {
	/** The code's text, or null when the frame holds none. */
	text: string | null;
	via: 'native' | 'zxing' | 'jsqr';
	/** Why ZXing-C++ is not in use (its wasm failed to load): jsQR reads alone. */
	zxingFailure?: string;
}

/** Worker → main thread: the answer to request `id`, with the worker's time on it. */
export type ScanReply = (ScanResult & { id: number; ms: number }) | { id: number; error: string };
