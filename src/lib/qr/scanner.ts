// Camera → QR text. Opens the camera into a <video> (camera.ts), copies the central square of ~10 frames a
// second to a canvas (the frame loop here) and decodes them in a Web Worker (decoder.ts), one frame in flight at
// a time. `startScanner` resolves once the preview is playing; the handle's stop() releases everything.
import { m } from '$lib/paraglide/messages';
import { openCamera, stopTracks } from './camera';
import { startDecoder, type DecodeJob, type Decoder } from './decoder';
import { GRAB_SIDE } from './frames';
import { ScanError } from './scan-error';

export interface ScannerOptions {
	/** Called once per distinct code read during this scanner's life. */
	onCode(text: string): void;
	/** Errors after a successful start (camera unplugged or taken, decoder crash). The scanner has stopped. */
	onError(error: ScanError): void;
	/** A camera from devices(); without it the back camera is preferred. */
	deviceId?: string;
	/** Aborting before the promise settles releases the camera as soon as it opens and rejects. */
	signal?: AbortSignal;
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

/** Time between the starts of two decoded frames (10 a second at most). */
const FRAME_INTERVAL_MS = 100;
/**
 * Frames whose decode time is recorded as a `qrcall:scan-decode` performance measure (for `npm run bench:scan`),
 * per scanner start: enough to measure, few enough that a long scan does not grow the performance timeline.
 */
const MEASURED_FRAMES = 100;
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

/** Copies the central square of the video (what the square preview shows) into a decode job, or null if none yet. */
function grabFrame(video: HTMLVideoElement, canvas: Canvas2D, index: number): DecodeJob | null {
	const width = video.videoWidth;
	const height = video.videoHeight;
	if (document.hidden || video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || !width || !height)
		return null;
	const crop = Math.min(width, height);
	// Unscaled up to GRAB_SIDE, so the worker's processing (frames.ts) sees the camera's own pixels.
	const side = Math.min(crop, GRAB_SIDE);
	if (canvas.canvas.width !== side) {
		canvas.canvas.width = side;
		canvas.canvas.height = side;
	}
	canvas.drawImage(video, (width - crop) / 2, (height - crop) / 2, crop, crop, 0, 0, side, side);
	const image = canvas.getImageData(0, 0, side, side);
	return { side, buffer: image.data.buffer as ArrayBuffer, index };
}

interface FrameLoopOptions {
	onCode(text: string): void;
	onFail(error: ScanError): void;
}

/** Grabs a frame, waits for its result, grabs the next ~FRAME_INTERVAL_MS after the previous one started. */
function startFrameLoop(video: HTMLVideoElement, decoder: Decoder, options: FrameLoopOptions) {
	const canvas = createCanvas();
	const seen = new Set<string>();
	let timer: ReturnType<typeof setTimeout> | undefined;
	let frames = 0;
	let started = 0;
	let stopped = false;

	const schedule = (delay: number) => {
		clearTimeout(timer);
		if (!stopped) timer = setTimeout(tick, Math.max(0, delay));
	};

	function tick() {
		if (stopped || decoder.busy) return;
		let job: DecodeJob | null;
		try {
			job = grabFrame(video, canvas, frames);
		} catch (error) {
			options.onFail(new ScanError('ERR_SCANNER', undefined, { cause: error }));
			return;
		}
		if (!job) return schedule(FRAME_INTERVAL_MS * 2);
		if (frames === 0) performance.mark('qrcall:scan-frame');
		frames++;
		started = performance.now();
		decoder.decode(job);
	}

	schedule(0);
	return {
		onResult(text: string | null, decodeMs?: number, via?: string) {
			const now = performance.now();
			if (decodeMs !== undefined && frames <= MEASURED_FRAMES) {
				performance.measure('qrcall:scan-decode', {
					start: now - decodeMs,
					end: now,
					detail: { frame: frames - 1 }
				});
			}
			if (text && !seen.has(text)) {
				seen.add(text);
				performance.mark('qrcall:scan-code', { detail: { via } });
				options.onCode(text);
			}
			schedule(FRAME_INTERVAL_MS - (performance.now() - started));
		},
		stop() {
			stopped = true;
			clearTimeout(timer);
		}
	};
}

function torchControl(track: MediaStreamTrack, isStopped: () => boolean) {
	const capabilities: { torch?: boolean } =
		typeof track.getCapabilities === 'function' ? (track.getCapabilities() as { torch?: boolean }) : {};
	if (!capabilities.torch) return undefined;
	return async (on: boolean) => {
		if (isStopped()) return;
		await track.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
	};
}

/**
 * Starts the camera in `video` and scans it. Rejects with a ScanError when the camera cannot be opened
 * (those are not passed to onError), or with the signal's reason when aborted.
 */
export async function startScanner(video: HTMLVideoElement, options: ScannerOptions): Promise<ScannerHandle> {
	const { signal } = options;
	signal?.throwIfAborted();
	let loop: ReturnType<typeof startFrameLoop> | undefined;
	let stopped = false;
	let stop = () => {};
	const fail = (error: ScanError) => {
		if (stopped) return;
		stop();
		options.onError(error);
	};
	// The worker starts first, so the decoder loads while the camera warms up.
	const decoder = startDecoder({
		onResult: (text, ms, via) => loop?.onResult(text, ms, via),
		onFail: fail,
		// The scanner still works, so the person is not interrupted; tests and bench:scan read the mark.
		onJsQrOnly: (reason) => performance.mark('qrcall:scan-jsqr-only', { detail: reason })
	});
	let camera: Awaited<ReturnType<typeof openCamera>>;
	try {
		camera = await openCamera(video, options);
	} catch (error) {
		decoder.destroy();
		throw error;
	}
	const { stream, track } = camera;
	const onEnded = () => fail(new ScanError('ERR_CAMERA_BUSY', m.scan_err_camera_stopped()));
	stop = () => {
		if (stopped) return;
		stopped = true;
		loop?.stop();
		decoder.destroy();
		track.removeEventListener('ended', onEnded);
		signal?.removeEventListener('abort', stop);
		stopTracks(stream);
		if (video.srcObject === stream) {
			video.pause();
			video.srcObject = null;
		}
	};
	try {
		loop = startFrameLoop(video, decoder, { onCode: options.onCode, onFail: fail });
	} catch (error) {
		stop();
		throw new ScanError('ERR_SCANNER', undefined, { cause: error });
	}
	track.addEventListener('ended', onEnded);
	signal?.addEventListener('abort', stop, { once: true });
	return {
		stop,
		setTorch: torchControl(track, () => stopped),
		devices: async () => {
			const all = await navigator.mediaDevices.enumerateDevices();
			return all.filter((d) => d.kind === 'videoinput' && d.deviceId !== '');
		},
		get deviceId() {
			return track.getSettings().deviceId;
		}
	};
}
