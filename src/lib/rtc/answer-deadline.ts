// Stage two's answer deadline: an offer over the channel, or the joiner's wait for a first media negotiation,
// that gets nothing in time is a failure the user sees (./negotiation owns the offers it guards).
import { RtcError } from './errors';
import type { NegotiationOptions } from './negotiation';

/**
 * Stage two must not hang silently: an offer sent over the open channel that has no answer this long after is
 * a failure the user sees, with Retry (a peer that opens the channel but never answers the media offer — a
 * foreign stack, a bug — left "Connected" over a black tile forever). Over a live link an answer takes
 * 20–100 ms; a slow phone adding its camera takes well under a second.
 */
export const mediaAnswerDeadlineMs = 10_000;

/**
 * The deadline of stage two (mediaAnswerDeadlineMs): a side waits for the answer to the offer it last sent;
 * the joiner also, from the channel's opening, for a first completed media negotiation (a caller that never
 * answers or sends an offer — a stack without media — left the joiner "Connected" over a black tile too).
 */
type DeadlineOptions = Pick<NegotiationOptions, 'role' | 'channelOpen' | 'onFailure'>;
export function answerDeadline(pc: RTCPeerConnection, options: DeadlineOptions) {
	let timer: ReturnType<typeof setTimeout> | undefined;
	let settled = false;
	const waiting = () => pc.signalingState === 'have-local-offer' || (options.role === 'joiner' && !settled);
	return {
		arm() {
			clearTimeout(timer);
			if (!options.channelOpen() || !waiting()) return;
			timer = setTimeout(() => {
				// During an outage an answer may rightly be late: the connection policy handles that.
				if (waiting() && pc.connectionState === 'connected') {
					options.onFailure(new RtcError('ERR_MEDIA_SETUP'));
				}
			}, mediaAnswerDeadlineMs);
		},
		// A remote offer, or the answer to ours: every wait is over (a running timer fired into a restart offer
		// held after a move, 10 s after the channel opened: "Video could not be set up", netns load ~12).
		settle() {
			settled = true;
			clearTimeout(timer);
		},
		stop: () => clearTimeout(timer)
	};
}
