/**
 * Every failure of the codec is a SignalError with a stable code. Its English message is what the CLI
 * (scripts/signal.ts) prints; the app shows the catalog's sentence for the code, in the user's language
 * (src/lib/i18n/signal-errors.ts): this layer stays free of the i18n runtime.
 */
import { CodedError } from '../errors';

export type SignalErrorCode =
	| 'ERR_EMPTY'
	| 'ERR_NOT_A_CODE'
	| 'ERR_TRUNCATED'
	| 'ERR_CORRUPT'
	| 'ERR_NEWER_VERSION'
	| 'ERR_OLDER_VERSION'
	| 'ERR_WRONG_ROLE'
	| 'ERR_OTHER_CALL'
	| 'ERR_UNSUPPORTED';

const MESSAGES: Record<SignalErrorCode, string> = {
	ERR_EMPTY: 'Paste or scan a code first.',
	ERR_NOT_A_CODE: 'This is not a qrcall code.',
	ERR_TRUNCATED: 'This code is cut off — copy the whole code.',
	ERR_CORRUPT: 'This code is damaged — a character was changed. Copy it again.',
	ERR_NEWER_VERSION: 'This code is from a newer qrcall — update the app.',
	ERR_OLDER_VERSION:
		'This code comes from an older qrcall — reload qrcall on the other device to update it, then make a new code.',
	ERR_WRONG_ROLE: 'This code is for the other device.',
	ERR_OTHER_CALL:
		'This answer belongs to another call code — on the other device, open the code shown here and answer again',
	ERR_UNSUPPORTED: 'This connection description cannot be turned into a qrcall code.'
};

const WRONG_ROLE_MESSAGES = {
	offer: 'This is an answer — scan it on the device that started the call.',
	answer: 'This is a call code, not an answer — open it on the other device to join.'
} as const;

export class SignalError extends CodedError<SignalErrorCode> {
	override readonly name = 'SignalError';

	/** For ERR_WRONG_ROLE: the kind of code that was expected, which decides the wording. */
	readonly expected: 'offer' | 'answer' | undefined;
	constructor(
		code: SignalErrorCode,
		message: string = MESSAGES[code],
		options?: { cause?: unknown; expected?: 'offer' | 'answer' }
	) {
		super(code, message, options);
		this.expected = options?.expected;
	}
}

/** The error for a code of the wrong role; `expected` is the role the caller asked for. */
export function wrongRole(expected: 'offer' | 'answer'): SignalError {
	return new SignalError('ERR_WRONG_ROLE', WRONG_ROLE_MESSAGES[expected], { expected });
}

/**
 * Anything thrown from inside the codec (a bug, a library surprise) still reaches the UI as a SignalError; the
 * original is kept as `cause`, so tests and bug reports can tell a bug from a damaged code.
 */
export function asSignalError(error: unknown): SignalError {
	if (error instanceof SignalError) return error;
	return new SignalError('ERR_CORRUPT', undefined, { cause: error });
}
