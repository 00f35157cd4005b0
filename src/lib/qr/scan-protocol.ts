// Messages between scanner.ts (main thread) and scan.worker.ts. Types only.

/** Main thread → worker: one greyscale-able RGBA frame (its buffer is transferred). */
export interface ScanRequest {
	id: number;
	width: number;
	height: number;
	/** RGBA pixels, `width * height * 4` bytes. */
	buffer: ArrayBuffer;
	/** Also look for light-on-dark codes on this frame (slower; done on a fraction of frames). */
	invert: boolean;
}

/** Worker → main thread: the answer to request `id`. */
export type ScanReply =
	{ id: number; text: string | null; via: 'native' | 'jsqr'; ms: number } | { id: number; error: string };
