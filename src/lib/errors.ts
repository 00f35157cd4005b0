// The one shape of every error the app shows. Each layer (signal, rtc, media, qr) extends it with its own set of
// codes and messages; the UI branches on `code`, shows `message` as it is, and `cause` keeps what the browser or a
// library really threw, for the console and for tests.

export class CodedError<Code extends string> extends Error {
	/** Stable: tests and the UI branch on it; never reworded. */
	readonly code: Code;

	/** `message` is a short human sentence that says what happened and what to do next. */
	constructor(code: Code, message: string, options?: { cause?: unknown }) {
		super(message, options);
		this.code = code;
	}
}
