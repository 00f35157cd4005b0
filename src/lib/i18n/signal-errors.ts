// The codec's errors in the user's language. src/lib/signal stays pure (no i18n runtime): its codes are
// stable, and this is where each becomes the catalog's sentence.
import { m } from '$lib/paraglide/messages';
import type { SignalError, SignalErrorCode } from '$lib/signal/errors';

const text: Record<SignalErrorCode, () => string> = {
	ERR_EMPTY: m.sig_empty,
	ERR_NOT_A_CODE: m.sig_not_a_code,
	ERR_TRUNCATED: m.sig_truncated,
	ERR_CORRUPT: m.sig_corrupt,
	ERR_NEWER_VERSION: m.sig_newer,
	ERR_OLDER_VERSION: m.sig_older,
	ERR_WRONG_ROLE: m.sig_wrong_role,
	ERR_OTHER_CALL: m.sig_other_call,
	ERR_UNSUPPORTED: m.sig_unsupported
};

export function signalErrorText(error: SignalError): string {
	if (error.code === 'ERR_WRONG_ROLE' && error.expected)
		return error.expected === 'offer' ? m.sig_wrong_role_offer() : m.sig_wrong_role_answer();
	return text[error.code]();
}
