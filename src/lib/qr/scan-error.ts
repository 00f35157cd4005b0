// The scanner's coded errors, with the human message for each situation.
import { CodedError } from '$lib/errors';
import { m } from '$lib/paraglide/messages';
import { mediaErrorCode, type MediaErrorCode } from '$lib/media/errors';

export type ScanErrorCode =
	'ERR_CAMERA_DENIED' | 'ERR_NO_CAMERA' | 'ERR_CAMERA_BUSY' | 'ERR_INSECURE' | 'ERR_SCANNER';

export const SCAN_MESSAGES: Record<ScanErrorCode, () => string> = {
	ERR_CAMERA_DENIED: m.scan_err_denied,
	ERR_NO_CAMERA: m.scan_err_no_camera,
	ERR_CAMERA_BUSY: m.scan_err_busy,
	ERR_INSECURE: m.scan_err_insecure,
	ERR_SCANNER: m.scan_err_scanner
};

export class ScanError extends CodedError<ScanErrorCode> {
	override readonly name = 'ScanError';

	constructor(code: ScanErrorCode, message: string = SCAN_MESSAGES[code](), options?: { cause?: unknown }) {
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
