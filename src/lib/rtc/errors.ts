// Stable error codes for everything the RTCPeerConnection owner can fail at (simple-peer style), each with a
// short human message the UI shows as it is.
import { CodedError } from '$lib/errors';
import { m } from '$lib/paraglide/messages';

export type RtcErrorCode =
	| 'ERR_WEBRTC_SUPPORT'
	| 'ERR_CREATE_OFFER'
	| 'ERR_CREATE_ANSWER'
	| 'ERR_SET_LOCAL_DESCRIPTION'
	| 'ERR_SET_REMOTE_DESCRIPTION'
	| 'ERR_NO_CANDIDATES'
	| 'ERR_RELAY_SILENT'
	| 'ERR_MEDIA_SETUP'
	| 'ERR_CODE_EXPIRED'
	| 'ERR_ALREADY_CONNECTED'
	| 'ERR_ANSWER_USED'
	| 'ERR_WRONG_STATE';

/** The words live in the message catalog (messages/*.json), read in the current language when thrown. */
const messages: Record<RtcErrorCode, () => string> = {
	ERR_WEBRTC_SUPPORT: m.err_webrtc_support,
	ERR_CREATE_OFFER: m.err_create_offer,
	ERR_CREATE_ANSWER: m.err_create_answer,
	ERR_SET_LOCAL_DESCRIPTION: m.err_set_local,
	ERR_SET_REMOTE_DESCRIPTION: m.err_set_remote,
	ERR_NO_CANDIDATES: m.err_no_candidates,
	ERR_RELAY_SILENT: m.err_relay_silent,
	ERR_MEDIA_SETUP: m.err_media_setup,
	ERR_CODE_EXPIRED: m.err_code_expired,
	ERR_ALREADY_CONNECTED: m.err_already_connected,
	ERR_ANSWER_USED: m.err_answer_used,
	ERR_WRONG_STATE: m.err_wrong_state
};

export class RtcError extends CodedError<RtcErrorCode> {
	override readonly name = 'RtcError';

	/** `message` replaces the code's own where evidence makes it more precise (e.g. naming the server). */
	constructor(code: RtcErrorCode, options?: { cause?: unknown; message?: string }) {
		super(code, options?.message ?? messages[code](), options);
	}
}
