// The five coded errors share one base: the UI and the logs can treat any of them alike (code, message, cause).
import { describe, expect, it } from 'vitest';
import { CodedError } from '../../src/lib/errors';
import { MediaError } from '../../src/lib/media/errors';
import { ScreenError } from '../../src/lib/media/screen-capture';
import { ScanError } from '../../src/lib/qr/scan-error';
import { RtcError } from '../../src/lib/rtc/errors';
import { SignalError } from '../../src/lib/signal/errors';

const cause = new DOMException('the browser said no', 'NotAllowedError');

describe('CodedError', () => {
	it.each([
		[
			'SignalError',
			new SignalError('ERR_TRUNCATED'),
			'ERR_TRUNCATED',
			'This code is cut off — copy the whole code.'
		],
		[
			'RtcError',
			new RtcError('ERR_NO_CANDIDATES', { cause }),
			'ERR_NO_CANDIDATES',
			'No network found. Connect to Wi-Fi or a network and try again.'
		],
		[
			'MediaError',
			new MediaError('ERR_DEVICE_BUSY', 'The camera is in use.', { cause }),
			'ERR_DEVICE_BUSY',
			'The camera is in use.'
		],
		[
			'ScanError',
			new ScanError('ERR_NO_CAMERA', undefined, { cause }),
			'ERR_NO_CAMERA',
			'No camera was found — paste the code instead.'
		],
		[
			'ScreenError',
			new ScreenError('ERR_SCREEN_FAILED', { cause }),
			'ERR_SCREEN_FAILED',
			'The screen could not be shared. Try again.'
		]
	] as const)('%s is a CodedError with its own name, code and message', (name, error, code, message) => {
		expect(error).toBeInstanceOf(CodedError);
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe(name);
		expect(error.code).toBe(code);
		expect(error.message).toBe(message);
		expect(String(error)).toBe(`${name}: ${message}`);
	});

	it('keeps what was really thrown as the cause', () => {
		for (const error of [
			new RtcError('ERR_CREATE_OFFER', { cause }),
			new MediaError('ERR_UNKNOWN', 'x', { cause }),
			new ScanError('ERR_SCANNER', undefined, { cause }),
			new ScreenError('ERR_SCREEN_FAILED', { cause })
		]) {
			expect(error.cause, error.name).toBe(cause);
		}
		expect(new RtcError('ERR_CREATE_OFFER').cause).toBeUndefined();
	});
});
