import { describe, expect, it } from 'vitest';
import { MediaError, toMediaError } from '../../src/lib/media/errors';

// Plain objects with a `name` stand in for browser DOMExceptions; real DOMExceptions (Node has them) too.
const named = (name: string, message = ''): { name: string; message: string } => ({ name, message });

describe('toMediaError', () => {
	it.each([
		['NotAllowedError', 'ERR_PERMISSION_DENIED'],
		['PermissionDeniedError', 'ERR_PERMISSION_DENIED'],
		['NotFoundError', 'ERR_NO_DEVICE'],
		['DevicesNotFoundError', 'ERR_NO_DEVICE'],
		['OverconstrainedError', 'ERR_NO_DEVICE'],
		['NotReadableError', 'ERR_DEVICE_BUSY'],
		['TrackStartError', 'ERR_DEVICE_BUSY'],
		['AbortError', 'ERR_DEVICE_BUSY'],
		['TypeError', 'ERR_INSECURE'],
		['SecurityError', 'ERR_INSECURE'],
		['SomethingNewError', 'ERR_UNKNOWN']
	] as const)('maps %s to %s', (name, code) => {
		const err = toMediaError(named(name));
		expect(err).toBeInstanceOf(MediaError);
		expect(err).toBeInstanceOf(Error);
		expect(err.code).toBe(code);
		expect(err.name).toBe('MediaError');
		expect(err.message.length).toBeGreaterThan(10);
	});

	it('maps real DOMExceptions and TypeErrors', () => {
		expect(toMediaError(new DOMException('denied', 'NotAllowedError')).code).toBe('ERR_PERMISSION_DENIED');
		expect(toMediaError(new DOMException('busy', 'NotReadableError')).code).toBe('ERR_DEVICE_BUSY');
		// What calling navigator.mediaDevices.getUserMedia on an http:// page throws.
		expect(
			toMediaError(new TypeError("Cannot read properties of undefined (reading 'getUserMedia')")).code
		).toBe('ERR_INSECURE');
	});

	it('gives short human messages', () => {
		expect(toMediaError(named('NotAllowedError')).message).toBe(
			"Camera and microphone are blocked. Allow them in the browser's site settings, then try again."
		);
		expect(toMediaError(named('NotFoundError')).message).toBe(
			'No camera found — you can still call with audio only.'
		);
		expect(toMediaError(named('NotReadableError')).message).toBe(
			'The camera is in use by another app. Close that app, then try again.'
		);
	});

	it('words messages for the device that was asked for', () => {
		const mic = toMediaError(named('NotFoundError'), 'microphone');
		expect(mic.device).toBe('microphone');
		expect(mic.message).toMatch(/microphone/i);
		expect(toMediaError(named('NotReadableError'), 'microphone').message).toMatch(/microphone is in use/);
		expect(toMediaError(named('NotAllowedError'), 'camera').message).toMatch(/^The camera is blocked/);
		expect(toMediaError(named('NotAllowedError')).device).toBe('both');
	});

	it('points to the OS settings when the system blocks access', () => {
		const err = toMediaError(named('NotAllowedError', 'Permission denied by system'));
		expect(err.code).toBe('ERR_PERMISSION_DENIED');
		expect(err.message).toMatch(/system settings/);
	});

	it('keeps the original error as the cause', () => {
		const original = named('NotFoundError');
		expect(toMediaError(original).cause).toBe(original);
	});

	it('passes MediaErrors through unchanged', () => {
		const err = new MediaError('ERR_DEVICE_BUSY', 'busy');
		expect(toMediaError(err)).toBe(err);
	});

	it.each([undefined, null, 'oops', 42, {}, { name: 7 }, new Error('plain')])(
		'treats %o as ERR_UNKNOWN',
		(value) => {
			expect(toMediaError(value).code).toBe('ERR_UNKNOWN');
		}
	);
});
