// The one caller of getDisplayMedia: asks for a screen, window or tab to share. Typed errors, like
// media/errors: the user cancelling the picker is not a failure worth a red message.
import { CodedError } from '$lib/errors';
import { m } from '$lib/paraglide/messages';

export type ScreenErrorCode = 'ERR_SCREEN_UNSUPPORTED' | 'ERR_SCREEN_CANCELLED' | 'ERR_SCREEN_FAILED';

const messages: Record<ScreenErrorCode, () => string> = {
	ERR_SCREEN_UNSUPPORTED: m.screen_err_unsupported,
	ERR_SCREEN_CANCELLED: m.screen_err_cancelled,
	ERR_SCREEN_FAILED: m.screen_err_failed
};

export class ScreenError extends CodedError<ScreenErrorCode> {
	override readonly name = 'ScreenError';

	constructor(code: ScreenErrorCode, options?: { cause?: unknown }) {
		super(code, messages[code](), options);
	}
}

/** One video track of what the user picked; its `ended` fires when they stop from the browser's own bar. */
export async function captureScreen(): Promise<MediaStreamTrack> {
	if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getDisplayMedia)
		throw new ScreenError('ERR_SCREEN_UNSUPPORTED');
	let stream: MediaStream;
	try {
		// Text on screen matters more than motion: "detail" keeps it sharp when bandwidth drops.
		stream = await navigator.mediaDevices.getDisplayMedia({
			video: { frameRate: { ideal: 15 } },
			audio: false
		});
	} catch (cause) {
		const name = (cause as { name?: string } | null)?.name;
		throw new ScreenError(
			name === 'NotAllowedError' || name === 'AbortError' ? 'ERR_SCREEN_CANCELLED' : 'ERR_SCREEN_FAILED',
			{
				cause
			}
		);
	}
	const [track] = stream.getVideoTracks();
	if (!track) throw new ScreenError('ERR_SCREEN_FAILED');
	track.contentHint = 'detail';
	return track;
}
