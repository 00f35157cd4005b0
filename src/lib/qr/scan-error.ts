// The scanner's coded errors, with the human message for each situation.
import { CodedError } from '$lib/errors';
import { mediaErrorCode, type MediaErrorCode } from '$lib/media/errors';

export type ScanErrorCode =
	'ERR_CAMERA_DENIED' | 'ERR_NO_CAMERA' | 'ERR_CAMERA_BUSY' | 'ERR_INSECURE' | 'ERR_SCANNER';

export const SCAN_MESSAGES: Record<ScanErrorCode, string> = {
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

	constructor(code: ScanErrorCode, message: string = SCAN_MESSAGES[code], options?: { cause?: unknown }) {
		super(code, message, options);
	}
}

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
