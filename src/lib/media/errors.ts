// Typed errors for camera/microphone access. getUserMedia rejects with DOMExceptions whose names differ
// between browsers and versions; the UI only needs to know which of a handful of situations it is in.
import { CodedError } from '$lib/errors';
import { m } from '$lib/paraglide/messages';
import type { TrackKind } from './constraints';

export type MediaErrorCode =
	'ERR_PERMISSION_DENIED' | 'ERR_NO_DEVICE' | 'ERR_DEVICE_BUSY' | 'ERR_INSECURE' | 'ERR_UNKNOWN';

/** Which device a request asked for; it only changes the wording of the message. */
export type MediaErrorDevice = 'camera' | 'microphone' | 'both';

/**
 * NB: the DOM also has a global `MediaError` (HTMLMediaElement.error). Always import this one explicitly;
 * a missing import type-checks against the DOM interface instead.
 */
export class MediaError extends CodedError<MediaErrorCode> {
	override readonly name = 'MediaError';
	/** The device the failed request asked for; lets the UI offer "audio only" only when that could help. */
	readonly device: MediaErrorDevice;

	constructor(
		code: MediaErrorCode,
		message: string,
		options?: { device?: MediaErrorDevice; cause?: unknown }
	) {
		super(code, message, { cause: options?.cause });
		this.device = options?.device ?? 'both';
	}
}

// Legacy names (PermissionDeniedError, DevicesNotFoundError, TrackStartError, ConstraintNotSatisfiedError)
// come from pre-standard Chrome and old Android WebViews.
const CODE_BY_NAME: Record<string, MediaErrorCode> = {
	NotAllowedError: 'ERR_PERMISSION_DENIED',
	PermissionDeniedError: 'ERR_PERMISSION_DENIED',
	NotFoundError: 'ERR_NO_DEVICE',
	DevicesNotFoundError: 'ERR_NO_DEVICE',
	OverconstrainedError: 'ERR_NO_DEVICE',
	ConstraintNotSatisfiedError: 'ERR_NO_DEVICE',
	NotReadableError: 'ERR_DEVICE_BUSY',
	TrackStartError: 'ERR_DEVICE_BUSY',
	AbortError: 'ERR_DEVICE_BUSY',
	// `navigator.mediaDevices` is undefined on http:// pages, so calling into it throws a TypeError;
	// Firefox throws SecurityError when media is disabled for the document (insecure or sandboxed iframe).
	TypeError: 'ERR_INSECURE',
	SecurityError: 'ERR_INSECURE'
};

function message(code: MediaErrorCode, device: MediaErrorDevice, systemBlock: boolean): string {
	switch (code) {
		case 'ERR_PERMISSION_DENIED':
			// Chrome says "Permission denied by system" when the OS (macOS/Windows privacy settings) blocks it;
			// the site settings are then already fine and pointing there would send the user in circles.
			if (systemBlock) return m.media_err_system_block();
			if (device === 'camera') return m.media_err_camera_blocked();
			if (device === 'microphone') return m.media_err_microphone_blocked();
			return m.media_err_both_blocked();
		case 'ERR_NO_DEVICE':
			return device === 'microphone' ? m.media_err_no_microphone() : m.media_err_no_camera();
		case 'ERR_DEVICE_BUSY':
			return device === 'microphone' ? m.media_err_microphone_busy() : m.media_err_camera_busy();
		case 'ERR_INSECURE':
			return m.media_err_insecure();
		case 'ERR_UNKNOWN':
			return m.media_err_unknown();
	}
}

function nameOf(e: unknown): string | undefined {
	if (typeof e !== 'object' || e === null || !('name' in e)) return undefined;
	return typeof e.name === 'string' ? e.name : undefined;
}

function rawMessage(e: unknown): string {
	if (typeof e !== 'object' || e === null || !('message' in e)) return '';
	return typeof e.message === 'string' ? e.message : '';
}

/** Which situation a getUserMedia (or play()) rejection means, by its name; the scanner words it its own way. */
export function mediaErrorCode(e: unknown): MediaErrorCode {
	if (e instanceof MediaError) return e.code;
	const name = nameOf(e);
	return (name !== undefined ? CODE_BY_NAME[name] : undefined) ?? 'ERR_UNKNOWN';
}

/** Maps whatever getUserMedia/enumerateDevices threw to a MediaError; MediaErrors pass through unchanged. */
export function toMediaError(e: unknown, device: MediaErrorDevice = 'both'): MediaError {
	if (e instanceof MediaError) return e;
	const code = mediaErrorCode(e);
	const systemBlock = code === 'ERR_PERMISSION_DENIED' && /system/i.test(rawMessage(e));
	return new MediaError(code, message(code, device, systemBlock), { device, cause: e });
}

/** Which device a track of `kind` comes from, as errors name it. */
export function deviceOf(kind: TrackKind): MediaErrorDevice {
	return kind === 'audio' ? 'microphone' : 'camera';
}
