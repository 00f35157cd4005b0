import { describe, expect, it } from 'vitest';
import { ScanError, toScanError } from '../../src/lib/qr/scan-error';

const domError = (name: string) => Object.assign(new Error(name), { name });

describe('ScanError', () => {
	it('carries a code and a short human message', () => {
		const error = new ScanError('ERR_CAMERA_DENIED');
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('ScanError');
		expect(error.code).toBe('ERR_CAMERA_DENIED');
		expect(error.message).toBe(
			"Camera access was denied — allow it in the browser's site settings, or paste the code instead."
		);
		for (const code of ['ERR_NO_CAMERA', 'ERR_CAMERA_BUSY', 'ERR_INSECURE', 'ERR_SCANNER'] as const) {
			expect(new ScanError(code).message).toMatch(/paste the code instead\.$/);
		}
	});

	it.each([
		['NotAllowedError', 'ERR_CAMERA_DENIED'],
		['PermissionDeniedError', 'ERR_CAMERA_DENIED'],
		['NotFoundError', 'ERR_NO_CAMERA'],
		['OverconstrainedError', 'ERR_NO_CAMERA'],
		['NotReadableError', 'ERR_CAMERA_BUSY'],
		['AbortError', 'ERR_CAMERA_BUSY'],
		['DevicesNotFoundError', 'ERR_NO_CAMERA'],
		['TrackStartError', 'ERR_CAMERA_BUSY'],
		// navigator.mediaDevices is missing on an insecure page (TypeError); Firefox says SecurityError there.
		['TypeError', 'ERR_INSECURE'],
		['SecurityError', 'ERR_INSECURE'],
		['SomeFutureError', 'ERR_SCANNER']
	])('maps a getUserMedia %s to %s', (name, code) => {
		const cause = domError(name);
		const error = toScanError(cause);
		expect(error.code).toBe(code);
		expect(error.cause).toBe(cause);
	});

	it('passes a ScanError through and copes with non-errors', () => {
		const error = new ScanError('ERR_CAMERA_BUSY', 'custom');
		expect(toScanError(error)).toBe(error);
		expect(toScanError('boom').code).toBe('ERR_SCANNER');
		expect(toScanError(null).code).toBe('ERR_SCANNER');
	});
});
