// The main thread's side of the decoding worker: one frame in flight at a time, a deadline per frame, and a
// worker that misses it is replaced (a few times at most).
import type { ScanReply, ScanRequest } from './scan-protocol';
import { ScanError } from './scan-error';

/** One decode; the first one also loads the decoder. A worker that misses it is replaced. */
const DECODE_TIMEOUT_MS = 8_000;
const FIRST_DECODE_TIMEOUT_MS = 20_000;
const MAX_WORKER_FAILURES = 3;

export type DecodeJob = Omit<ScanRequest, 'id'>;

export interface DecoderOptions {
	/**
	 * The answer to the frame in flight: the code's text, or null when the frame holds none (or the worker was
	 * replaced); `decodeMs` is the worker's time on it.
	 */
	onResult(text: string | null, decodeMs?: number): void;
	/** The decoder is gone for good (it crashed, or timed out too often); it has been destroyed. */
	onFail(error: ScanError): void;
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

/** Starts the worker at once, so the decoder loads while the camera warms up. Throws a ScanError. */
export function startDecoder(options: DecoderOptions): Decoder {
	let worker: Worker;
	let inFlight: number | undefined;
	let nextId = 1;
	let answered = false;
	let failures = 0;
	let destroyed = false;
	let timer: ReturnType<typeof setTimeout> | undefined;

	const destroy = () => {
		if (destroyed) return;
		destroyed = true;
		clearTimeout(timer);
		worker.terminate();
	};

	const fail = (cause: unknown) => {
		if (destroyed) return;
		destroy();
		options.onFail(new ScanError('ERR_SCANNER', undefined, { cause }));
	};

	const onMessage = (event: MessageEvent<ScanReply>) => {
		const reply = event.data;
		if (destroyed || reply.id !== inFlight) return;
		clearTimeout(timer);
		inFlight = undefined;
		answered = true;
		failures = 0;
		if ('error' in reply) fail(new Error(reply.error));
		else options.onResult(reply.text, reply.ms);
	};

	const spawn = () => {
		worker = createWorker();
		worker.addEventListener('message', onMessage);
		worker.addEventListener('error', fail);
		worker.addEventListener('messageerror', fail);
	};

	const onTimeout = () => {
		// A stuck decode (or a worker that never loaded): replace the worker, give up after a few.
		inFlight = undefined;
		worker.terminate();
		if (++failures >= MAX_WORKER_FAILURES) return fail(new Error('decoder timed out'));
		try {
			spawn();
		} catch (error) {
			return fail(error);
		}
		answered = false;
		options.onResult(null);
	};

	try {
		spawn();
	} catch (error) {
		throw new ScanError('ERR_SCANNER', undefined, { cause: error });
	}

	return {
		get busy() {
			return inFlight !== undefined;
		},
		decode(job) {
			if (destroyed || inFlight !== undefined) return;
			const request: ScanRequest = { id: nextId++, ...job };
			inFlight = request.id;
			worker.postMessage(request, [request.buffer]);
			timer = setTimeout(onTimeout, answered ? DECODE_TIMEOUT_MS : FIRST_DECODE_TIMEOUT_MS);
		},
		destroy
	};
}
