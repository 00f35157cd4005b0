// Stable error codes for everything the RTCPeerConnection owner can fail at (simple-peer style), each with a
// short human message the UI shows as it is.
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
	| 'ERR_WRONG_STATE';

const messages: Record<RtcErrorCode, string> = {
	ERR_WEBRTC_SUPPORT: 'This browser cannot make video calls (no WebRTC).',
	ERR_CREATE_OFFER: 'Could not prepare the call. Try again.',
	ERR_CREATE_ANSWER: 'Could not prepare the answer. Try again.',
	ERR_SET_LOCAL_DESCRIPTION: 'The browser refused to set up the call. Try again.',
	ERR_SET_REMOTE_DESCRIPTION: 'This code could not be used — ask for a new one.',
	ERR_NO_CANDIDATES: 'No network found. Connect to Wi-Fi or a network and try again.',
	ERR_RELAY_SILENT: 'The TURN server did not answer — check it in Settings.',
	ERR_MEDIA_SETUP: 'Video could not be set up.',
	ERR_CODE_EXPIRED: 'Your call code expired. Make a new one and send it again.',
	ERR_ALREADY_CONNECTED: 'You are already in this call — the code was not needed.',
	ERR_WRONG_STATE: 'This code is not expected right now.'
};

export class RtcError extends Error {
	readonly code: RtcErrorCode;

	/** `message` replaces the code's own where evidence makes it more precise (e.g. naming the server). */
	constructor(code: RtcErrorCode, options?: { cause?: unknown; message?: string }) {
		super(options?.message ?? messages[code], options);
		this.name = 'RtcError';
		this.code = code;
	}
}
