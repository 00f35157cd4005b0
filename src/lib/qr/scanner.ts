// Camera → QR text. Opens the camera into a <video>, copies the central square of ~10 frames a second
// (downscaled) to a canvas and decodes them in a Web Worker, one frame in flight at a time.
// `startScanner` resolves once the preview is playing; the handle's stop() releases everything.
import { CodedError } from '$lib/errors';
import { mediaErrorCode, type MediaErrorCode } from '$lib/media/errors';
import type { ScanReply, ScanRequest } from './scan-protocol';

export type ScanErrorCode =
	'ERR_CAMERA_DENIED' | 'ERR_NO_CAMERA' | 'ERR_CAMERA_BUSY' | 'ERR_INSECURE' | 'ERR_SCANNER';

const MESSAGES: Record<ScanErrorCode, string> = {
	ERR_CAMERA_DENIED:
		"Camera access was denied — allow it in the browser's site settings, or paste the code instead.",
	ERR_NO_CAMERA: 'No camera was found — paste the code instead.',
	ERR_CAMERA_BUSY:
		'The camera could not start — close other apps that use it and try again, or paste the code instead.',
	ERR_INSECURE: 'Scanning needs a secure page (https or localhost) — paste the code instead.',
	ERR_SCANNER: 'The QR scanner stopped working — try again, or paste the code instead.'
};

export class ScanError extends CodedError<ScanErrorCode> {
	override readonly name = 'ScanError';

	constructor(code: ScanErrorCode, message: string = MESSAGES[code], options?: { cause?: unknown }) {
		super(code, message, options);
	}
}

/** One decoded (or empty) frame, for diagnostics and measurements. */
export interface ScanFrameInfo {
	/** Frame side in pixels (the decoded image is a square). */
	size: number;
	/** Time spent in the decoder, in the worker. */
	decodeMs: number;
	/** From grabbing the frame to the worker's answer on the main thread. */
	roundTripMs: number;
	via: 'native' | 'jsqr';
	text: string | null;
}

export interface ScannerOptions {
	/** Called once per distinct code read during this scanner's life. */
	onCode(text: string): void;
	/** Errors after a successful start (camera unplugged or taken, decoder crash). The scanner has stopped. */
	onError(error: ScanError): void;
	/** A camera from devices(); without it the back camera is preferred. */
	deviceId?: string;
	facingMode?: 'environment' | 'user';
	/** Aborting before the promise settles releases the camera as soon as it opens and rejects. */
	signal?: AbortSignal;
	/** Longest side of the decoded frame, in pixels (default 480). */
	maxSide?: number;
	/** Decodes per second at most (default 10). */
	fps?: number;
	onFrame?(info: ScanFrameInfo): void;
}

export interface ScannerHandle {
	stop(): void;
	/** Present only when the camera reports a torch. */
	setTorch?(on: boolean): Promise<void>;
	/** The video inputs (labels are filled in now that permission is granted). */
	devices(): Promise<MediaDeviceInfo[]>;
	/** The camera in use, when the browser says. */
	readonly deviceId: string | undefined;
}

/** Waiting for getUserMedia when permission is already granted (no prompt): a hung camera driver. */
const OPEN_TIMEOUT_MS = 10_000;
/** From a stream to a playing preview. */
const PLAY_TIMEOUT_MS = 8_000;
/** One decode; the first one also loads the decoder. A worker that misses it is replaced. */
const DECODE_TIMEOUT_MS = 8_000;
const FIRST_DECODE_TIMEOUT_MS = 20_000;
const MAX_WORKER_FAILURES = 3;
/** Every INVERT_EVERY-th frame also looks for light-on-dark codes. */
const INVERT_EVERY = 5;
/**
 * Frames alternate between these scales of the decoded square: jsQR misses some codes at one module pitch and
 * reads them at another (a version-21 code filling a 480-px frame failed on every frame, and read at 400 px).
 */
const SCALES = [1, 0.8] as const;

/** The scanner's wording for each getUserMedia situation (media/errors knows which situation it is). */
const SCAN_CODE: Record<MediaErrorCode, ScanErrorCode> = {
	ERR_PERMISSION_DENIED: 'ERR_CAMERA_DENIED',
	ERR_NO_DEVICE: 'ERR_NO_CAMERA',
	ERR_DEVICE_BUSY: 'ERR_CAMERA_BUSY',
	ERR_INSECURE: 'ERR_INSECURE',
	ERR_UNKNOWN: 'ERR_SCANNER'
};

/** Maps getUserMedia / play() failures to a ScanError. */
export function toScanError(error: unknown): ScanError {
	if (error instanceof ScanError) return error;
	return new ScanError(SCAN_CODE[mediaErrorCode(error)], undefined, { cause: error });
}

function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const timer = setTimeout(() => reject(onTimeout()), ms);
		promise.then(
			(value) => {
				clearTimeout(timer);
				resolve(value);
			},
			(error: unknown) => {
				clearTimeout(timer);
				reject(error instanceof Error ? error : new Error(String(error)));
			}
		);
	});
}

async function cameraPermissionGranted(): Promise<boolean> {
	try {
		const status = await navigator.permissions.query({ name: 'camera' as PermissionName });
		return status.state === 'granted';
	} catch {
		return false; // Firefox (older) and Safari may not know 'camera': assume a prompt may be showing.
	}
}

function createWorker(): Worker {
	return new Worker(new URL('./scan.worker.ts', import.meta.url), { type: 'module', name: 'qr-scan' });
}

type Canvas2D = {
	canvas: { width: number; height: number };
	drawImage: CanvasRenderingContext2D['drawImage'];
	getImageData: CanvasRenderingContext2D['getImageData'];
	imageSmoothingQuality: ImageSmoothingQuality;
};

function createCanvas(): Canvas2D {
	const settings: CanvasRenderingContext2DSettings = { willReadFrequently: true, alpha: false };
	const context: Canvas2D | null =
		typeof OffscreenCanvas === 'function'
			? new OffscreenCanvas(1, 1).getContext('2d', settings)
			: document.createElement('canvas').getContext('2d', settings);
	if (!context) throw new ScanError('ERR_SCANNER');
	context.imageSmoothingQuality = 'medium';
	return context;
}

interface TorchCapabilities {
	torch?: boolean;
}

/**
 * Starts the camera in `video` and scans it. Rejects with a ScanError when the camera cannot be opened
 * (those are not passed to onError), or with the signal's reason when aborted.
 */
export async function startScanner(video: HTMLVideoElement, options: ScannerOptions): Promise<ScannerHandle> {
	const { signal } = options;
	const maxSide = Math.max(120, Math.round(options.maxSide ?? 480));
	const interval = 1000 / Math.max(1, options.fps ?? 10);
	signal?.throwIfAborted();

	if (!navigator.mediaDevices?.getUserMedia) {
		throw new ScanError(
			'ERR_NO_CAMERA',
			globalThis.isSecureContext
				? MESSAGES.ERR_NO_CAMERA
				: 'The camera needs a secure (https) page — paste the code instead.'
		);
	}

	// The worker starts first, so the decoder loads while the camera warms up.
	let worker: Worker;
	try {
		worker = createWorker();
	} catch (error) {
		throw new ScanError('ERR_SCANNER', undefined, { cause: error });
	}

	let stream: MediaStream | undefined;
	let stopped = false;
	const stopTracks = (s: MediaStream | undefined) => s?.getTracks().forEach((track) => track.stop());

	try {
		const constraints: MediaTrackConstraints = {
			width: { ideal: 640 },
			height: { ideal: 480 },
			...(options.deviceId
				? { deviceId: { exact: options.deviceId } }
				: { facingMode: { ideal: options.facingMode ?? 'environment' } })
		};
		const opening = navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
		// If we give up waiting (timeout, abort), a stream that arrives later must still be released.
		opening.then(
			(s) => {
				if (stopped) stopTracks(s);
			},
			() => undefined
		);
		const granted = await cameraPermissionGranted();
		const abortable = new Promise<never>((_, reject) => {
			signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
		});
		abortable.catch(() => undefined);
		const raced = Promise.race([opening, abortable]);
		stream = await (granted
			? withTimeout(raced, OPEN_TIMEOUT_MS, () => new ScanError('ERR_CAMERA_BUSY'))
			: raced);
		signal?.throwIfAborted();

		video.muted = true;
		video.playsInline = true;
		video.setAttribute('playsinline', '');
		video.srcObject = stream;
		await withTimeout(
			Promise.race([
				video.play().catch((error: unknown) => {
					// Not a permission problem here (a muted inline video may autoplay): the preview did not start.
					throw new ScanError('ERR_CAMERA_BUSY', 'The camera preview could not start — try again.', {
						cause: error
					});
				}),
				abortable
			]),
			PLAY_TIMEOUT_MS,
			() => new ScanError('ERR_CAMERA_BUSY')
		);
		signal?.throwIfAborted();
	} catch (error) {
		stopped = true;
		worker.terminate();
		stopTracks(stream);
		if (stream && video.srcObject === stream) video.srcObject = null;
		if (signal?.aborted) throw signal.reason;
		throw toScanError(error);
	}

	const activeStream = stream;
	const track = activeStream.getVideoTracks()[0];
	if (!track) {
		stopTracks(activeStream);
		worker.terminate();
		throw new ScanError('ERR_NO_CAMERA');
	}

	let canvas: Canvas2D;
	try {
		canvas = createCanvas();
	} catch (error) {
		stopTracks(activeStream);
		video.srcObject = null;
		worker.terminate();
		throw new ScanError('ERR_SCANNER', undefined, { cause: error });
	}
	const seen = new Set<string>();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let decodeTimer: ReturnType<typeof setTimeout> | undefined;
	let nextId = 1;
	let inFlight: { id: number; started: number; size: number } | undefined;
	let frames = 0;
	let failures = 0;
	let answered = false;

	const stop = () => {
		if (stopped) return;
		stopped = true;
		clearTimeout(timer);
		clearTimeout(decodeTimer);
		track.removeEventListener('ended', onEnded);
		signal?.removeEventListener('abort', stop);
		worker.terminate();
		stopTracks(activeStream);
		if (video.srcObject === activeStream) {
			video.pause();
			video.srcObject = null;
		}
	};

	const fail = (error: ScanError) => {
		if (stopped) return;
		stop();
		options.onError(error);
	};

	function onEnded() {
		fail(
			new ScanError(
				'ERR_CAMERA_BUSY',
				'The camera stopped — it may have been unplugged or taken by another app.'
			)
		);
	}

	const schedule = (delay: number) => {
		clearTimeout(timer);
		if (!stopped) timer = setTimeout(tick, Math.max(0, delay));
	};

	const onMessage = (event: MessageEvent<ScanReply>) => {
		const reply = event.data;
		if (stopped || !inFlight || reply.id !== inFlight.id) return;
		clearTimeout(decodeTimer);
		const { started, size } = inFlight;
		inFlight = undefined;
		answered = true;
		failures = 0;
		if ('error' in reply) {
			fail(new ScanError('ERR_SCANNER', undefined, { cause: new Error(reply.error) }));
			return;
		}
		const now = performance.now();
		options.onFrame?.({
			size,
			decodeMs: reply.ms,
			roundTripMs: now - started,
			via: reply.via,
			text: reply.text
		});
		if (reply.text !== null && !seen.has(reply.text)) {
			seen.add(reply.text);
			options.onCode(reply.text);
		}
		schedule(interval - (now - started));
	};

	const onWorkerError = (event: Event) => {
		fail(new ScanError('ERR_SCANNER', undefined, { cause: event }));
	};

	const attach = (w: Worker) => {
		w.addEventListener('message', onMessage);
		w.addEventListener('error', onWorkerError);
		w.addEventListener('messageerror', onWorkerError);
	};

	const onDecodeTimeout = () => {
		// A stuck decode (or a worker that never loaded): replace the worker, give up after a few.
		inFlight = undefined;
		worker.terminate();
		failures++;
		if (failures >= MAX_WORKER_FAILURES) {
			fail(new ScanError('ERR_SCANNER', undefined, { cause: new Error('decoder timed out') }));
			return;
		}
		try {
			worker = createWorker();
			attach(worker);
		} catch (error) {
			fail(new ScanError('ERR_SCANNER', undefined, { cause: error }));
			return;
		}
		answered = false;
		schedule(0);
	};

	function tick() {
		if (stopped || inFlight) return;
		const width = video.videoWidth;
		const height = video.videoHeight;
		if (document.hidden || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !width || !height) {
			schedule(interval * 2);
			return;
		}
		// The central square: what the square preview shows, and where the frame guide points.
		const side = Math.min(width, height);
		const largest = Math.min(side, maxSide);
		const size = Math.round(largest * (SCALES[frames % SCALES.length] ?? 1));
		if (canvas.canvas.width !== largest) {
			// Sized once for the largest scale; smaller frames use its top-left corner.
			canvas.canvas.width = largest;
			canvas.canvas.height = largest;
		}
		const started = performance.now();
		let image: ImageData;
		try {
			canvas.drawImage(video, (width - side) / 2, (height - side) / 2, side, side, 0, 0, size, size);
			image = canvas.getImageData(0, 0, size, size);
		} catch (error) {
			fail(new ScanError('ERR_SCANNER', undefined, { cause: error }));
			return;
		}
		const id = nextId++;
		const request: ScanRequest = {
			id,
			width: size,
			height: size,
			buffer: image.data.buffer as ArrayBuffer,
			invert: ++frames % INVERT_EVERY === 0
		};
		inFlight = { id, started, size };
		worker.postMessage(request, [request.buffer]);
		decodeTimer = setTimeout(onDecodeTimeout, answered ? DECODE_TIMEOUT_MS : FIRST_DECODE_TIMEOUT_MS);
	}

	attach(worker);
	track.addEventListener('ended', onEnded);
	signal?.addEventListener('abort', stop, { once: true });
	schedule(0);

	const handle: ScannerHandle = {
		stop,
		devices: async () => {
			const all = await navigator.mediaDevices.enumerateDevices();
			return all.filter((d) => d.kind === 'videoinput' && d.deviceId !== '');
		},
		get deviceId() {
			return track.getSettings().deviceId;
		}
	};

	const capabilities: TorchCapabilities =
		typeof track.getCapabilities === 'function' ? (track.getCapabilities() as TorchCapabilities) : {};
	if (capabilities.torch) {
		handle.setTorch = async (on: boolean) => {
			if (stopped) return;
			await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
		};
	}
	return handle;
}
