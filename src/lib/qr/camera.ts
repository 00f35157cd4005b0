// The scanner's camera: opens it into a <video> and waits until the preview plays, with deadlines for hung
// drivers, and releases a stream that arrives after we gave up.
import { m } from '$lib/paraglide/messages';
import { SCAN_MESSAGES, ScanError, toScanError } from './scan-error';

/** Waiting for getUserMedia when permission is already granted (no prompt): a hung camera driver. */
const OPEN_TIMEOUT_MS = 10_000;
/** From a stream to a playing preview. */
const PLAY_TIMEOUT_MS = 8_000;

export interface OpenCameraOptions {
	/** A camera the user picked; without it the back camera is preferred. */
	deviceId?: string;
	/** Aborting before the promise settles releases the camera as soon as it opens and rejects. */
	signal?: AbortSignal;
}

export interface OpenCamera {
	stream: MediaStream;
	track: MediaStreamTrack;
}

export const stopTracks = (stream: MediaStream | undefined): void =>
	stream?.getTracks().forEach((track) => track.stop());

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

function aborted(signal: AbortSignal | undefined): Promise<never> {
	const promise = new Promise<never>((_, reject) => {
		signal?.addEventListener('abort', () => reject(signal.reason as Error), { once: true });
	});
	promise.catch(() => undefined); // only ever raced; an abort nobody races is not an error
	return promise;
}

async function getStream(deviceId: string | undefined, abort: Promise<never>, gaveUp: () => boolean) {
	const constraints: MediaTrackConstraints = {
		width: { ideal: 640 },
		height: { ideal: 480 },
		...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } })
	};
	const opening = navigator.mediaDevices.getUserMedia({ video: constraints, audio: false });
	// If we give up waiting (timeout, abort), a stream that arrives later must still be released.
	opening.then(
		(stream) => {
			if (gaveUp()) stopTracks(stream);
		},
		() => undefined
	);
	const granted = await cameraPermissionGranted();
	const raced = Promise.race([opening, abort]);
	return granted ? withTimeout(raced, OPEN_TIMEOUT_MS, () => new ScanError('ERR_CAMERA_BUSY')) : raced;
}

function play(video: HTMLVideoElement, stream: MediaStream, abort: Promise<never>): Promise<void> {
	video.muted = true;
	video.playsInline = true;
	video.setAttribute('playsinline', '');
	video.srcObject = stream;
	const playing = video.play().catch((error: unknown) => {
		// Not a permission problem here (a muted inline video may autoplay): the preview did not start.
		throw new ScanError('ERR_CAMERA_BUSY', m.scan_err_preview(), {
			cause: error
		});
	});
	return withTimeout(Promise.race([playing, abort]), PLAY_TIMEOUT_MS, () => new ScanError('ERR_CAMERA_BUSY'));
}

/**
 * Opens the camera into `video` and resolves once the preview plays. Rejects with a ScanError, or with the
 * signal's reason when aborted; nothing stays open after a rejection.
 */
export async function openCamera(video: HTMLVideoElement, options: OpenCameraOptions): Promise<OpenCamera> {
	const { signal } = options;
	signal?.throwIfAborted();
	if (!navigator.mediaDevices?.getUserMedia) {
		throw new ScanError(
			'ERR_NO_CAMERA',
			globalThis.isSecureContext ? SCAN_MESSAGES.ERR_NO_CAMERA() : m.scan_err_needs_https()
		);
	}
	let stream: MediaStream | undefined;
	let gaveUp = false;
	try {
		const abort = aborted(signal);
		stream = await getStream(options.deviceId, abort, () => gaveUp);
		signal?.throwIfAborted();
		await play(video, stream, abort);
		signal?.throwIfAborted();
		const track = stream.getVideoTracks()[0];
		if (!track) throw new ScanError('ERR_NO_CAMERA');
		return { stream, track };
	} catch (error) {
		gaveUp = true;
		stopTracks(stream);
		if (stream && video.srcObject === stream) video.srcObject = null;
		if (signal?.aborted) throw signal.reason;
		throw toScanError(error);
	}
}
