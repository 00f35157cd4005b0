// Stable error codes for everything the RTCPeerConnection owner can fail at (simple-peer style), each with a
// short human message the UI shows as it is.
import { CodedError } from '$lib/errors';

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

const messages: Record<RtcErrorCode, string> = {
	ERR_WEBRTC_SUPPORT:
		'This browser cannot make calls — open qrcall in a current Chrome, Edge, Firefox or Safari.',
	ERR_CREATE_OFFER: 'Your call code could not be made. Try again; if it keeps failing, reload qrcall.',
	ERR_CREATE_ANSWER: 'Your answer could not be made. Try again; if it keeps failing, reload qrcall.',
	ERR_SET_LOCAL_DESCRIPTION:
		'This browser could not set up the call. Try again; if it keeps failing, reload qrcall.',
	ERR_SET_REMOTE_DESCRIPTION: 'This code could not be used — ask for a new one.',
	ERR_NO_CANDIDATES: 'No network found. Connect to Wi-Fi or a network and try again.',
	ERR_RELAY_SILENT: 'The TURN server did not answer — check it in Settings.',
	ERR_MEDIA_SETUP: 'Video could not be set up.',
	ERR_CODE_EXPIRED: 'Your call code expired. Make a new one and send it again.',
	ERR_ALREADY_CONNECTED: 'You are already in this call — the code was not needed.',
	ERR_ANSWER_USED:
		'An answer was already read for this call, which is connecting now. If it does not connect, press Cancel and start a new call.',
	ERR_WRONG_STATE: 'There is no call open for this any more — start a new call, or join one.'
};

export class RtcError extends CodedError<RtcErrorCode> {
	override readonly name = 'RtcError';

	/** `message` replaces the code's own where evidence makes it more precise (e.g. naming the server). */
	constructor(code: RtcErrorCode, options?: { cause?: unknown; message?: string }) {
		super(code, options?.message ?? messages[code], options);
	}
}
