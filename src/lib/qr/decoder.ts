// The main thread's side of the decoding worker: one frame in flight at a time, a deadline per frame, and a
// worker that misses it is replaced (a few times at most).
import type { ScanReply, ScanRequest, ScanResult } from './scan-protocol';
import { ScanError } from './scan-error';

/** One decode; the first one also loads the decoder. A worker that misses it is replaced. */
const DECODE_TIMEOUT_MS = 8_000;
const FIRST_DECODE_TIMEOUT_MS = 20_000;
const MAX_WORKER_FAILURES = 3;

export type DecodeJob = Omit<ScanRequest, 'id'>;

export interface DecoderOptions {
	/**
	 * The answer to the frame in flight: the code's text, or null when the frame holds none (or the worker was
	 * replaced); `decodeMs` is the worker's time on it, `via` the decoder that answered.
	 */
	onResult(text: string | null, decodeMs?: number, via?: ScanResult['via']): void;
	/** The decoder is gone for good (it crashed, or timed out too often); it has been destroyed. */
	onFail(error: ScanError): void;
	/** Once: ZXing-C++ could not load (`reason`), so jsQR reads alone, more slowly and fewer dim frames. */
	onJsQrOnly?(reason: string): void;
}

export interface Decoder {
	/** A frame is being decoded: wait for its result before sending the next. */
	readonly busy: boolean;
	/** Sends a frame; its buffer is transferred. Ignored while busy or after destroy(). */
	decode(job: DecodeJob): void;
	destroy(): void;
}

function createWorker(): Worker {
	return new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'qr-scan' });
}

/** One worker and the frame in flight on it; the worker is replaced when a decode misses its deadline. */
class WorkerDecoder implements Decoder {
	#options: DecoderOptions;
	#worker: Worker;
	#inFlight: number | undefined;
	#nextId = 1;
	/** The current worker has answered once: its decoder is loaded, so the shorter deadline applies. */
	#answered = false;
	#failures = 0;
	#destroyed = false;
	#jsQrOnlyTold = false;
	#timer: ReturnType<typeof setTimeout> | undefined;

	constructor(options: DecoderOptions) {
		this.#options = options;
		this.#worker = this.#spawn();
	}

	get busy(): boolean {
		return this.#inFlight !== undefined;
	}

	decode(job: DecodeJob): void {
		if (this.#destroyed || this.#inFlight !== undefined) return;
		const request: ScanRequest = { id: this.#nextId++, ...job };
		this.#inFlight = request.id;
		this.#worker.postMessage(request, [request.buffer]);
		const deadline = this.#answered ? DECODE_TIMEOUT_MS : FIRST_DECODE_TIMEOUT_MS;
		this.#timer = setTimeout(() => this.#onTimeout(), deadline);
	}

	destroy = (): void => {
		if (this.#destroyed) return;
		this.#destroyed = true;
		clearTimeout(this.#timer);
		this.#worker.terminate();
	};

	#fail = (cause: unknown): void => {
		if (this.#destroyed) return;
		this.destroy();
		this.#options.onFail(new ScanError('ERR_SCANNER', undefined, { cause }));
	};

	#onMessage = (event: MessageEvent<ScanReply>): void => {
		const reply = event.data;
		if (this.#destroyed || reply.id !== this.#inFlight) return;
		clearTimeout(this.#timer);
		this.#inFlight = undefined;
		this.#answered = true;
		this.#failures = 0;
		if ('error' in reply) return this.#fail(new Error(reply.error));
		if (reply.zxingFailure !== undefined && !this.#jsQrOnlyTold) {
			this.#jsQrOnlyTold = true;
			this.#options.onJsQrOnly?.(reply.zxingFailure);
		}
		this.#options.onResult(reply.text, reply.ms, reply.via);
	};

	#spawn(): Worker {
		const worker = createWorker();
		worker.addEventListener('message', this.#onMessage);
		worker.addEventListener('error', this.#fail);
		worker.addEventListener('messageerror', this.#fail);
		return worker;
	}

	/** A stuck decode (or a worker that never loaded): replace the worker, give up after a few. */
	#onTimeout(): void {
		this.#inFlight = undefined;
		this.#worker.terminate();
		if (++this.#failures >= MAX_WORKER_FAILURES) return this.#fail(new Error('decoder timed out'));
		try {
			this.#worker = this.#spawn();
		} catch (error) {
			return this.#fail(error);
		}
		this.#answered = false;
		this.#options.onResult(null);
	}
}

/** Starts the worker at once, so the decoder loads while the camera warms up. Throws a ScanError. */
export function startDecoder(options: DecoderOptions): Decoder {
	try {
		return new WorkerDecoder(options);
	} catch (error) {
		throw new ScanError('ERR_SCANNER', undefined, { cause: error });
	}
}
