// Adaptation to a slow or lossy link: video gives way first (lower resolution and bitrate, the frame rate
// kept so motion never freezes), audio is protected (highest priority in the bandwidth split and in the
// network's DSCP marking). Applied to the senders before the description that starts them is set, and again
// after each negotiation; a camera starts at a smaller size until the link affords its own (./start-resolution).
import { startScale } from './start-resolution';

/** A camera call never needs more; it leaves room for audio and the data channel on modest uplinks. */
export const videoMaxBitrate = 1_500_000;

/**
 * A group call sends its camera once per other member: the camera's whole upstream stays within this, split
 * between the receivers (2 → 1.2 Mbit/s each, 5 → 480 kbit/s), never above videoMaxBitrate for one.
 */
export const groupVideoUpstream = 2_400_000;

/** One camera encoding's limits when it goes to `receivers` people: fewer bits, pixels and frames as they grow. */
export function videoShare(receivers: number): {
	maxBitrate: number;
	scaleResolutionDownBy: number;
	maxFramerate?: number;
} {
	const n = Math.max(1, receivers);
	const maxBitrate = Math.min(videoMaxBitrate, Math.round(groupVideoUpstream / n));
	if (n <= 2) return { maxBitrate, scaleResolutionDownBy: 1 };
	return n <= 3
		? { maxBitrate, scaleResolutionDownBy: 1.5 }
		: { maxBitrate, scaleResolutionDownBy: 2, maxFramerate: 20 };
}

/**
 * The parameters this app wants on one sender (pure, so it is unit-testable without a browser). `start`: the
 * camera's scale-down while it starts (./start-resolution), 1 once lifted.
 */
export function tunedParameters(
	kind: 'audio' | 'video',
	parameters: RTCRtpSendParameters,
	receivers = 1,
	start = 1
): RTCRtpSendParameters {
	const share = videoShare(receivers);
	const encodings = parameters.encodings.map((encoding) => {
		if (kind === 'audio') return { ...encoding, priority: 'high' as const, networkPriority: 'high' as const };
		// Every field of the share set anew: a group's lower bitrate and frame rate must not outlive it when
		// the call is down to two people again.
		const tuned = {
			...encoding,
			...share,
			scaleResolutionDownBy: Math.max(share.scaleResolutionDownBy, start)
		};
		if (share.maxFramerate === undefined) delete tuned.maxFramerate;
		return tuned;
	});
	return kind === 'video'
		? { ...parameters, encodings, degradationPreference: 'maintain-framerate' }
		: { ...parameters, encodings };
}

/**
 * Tunes the microphone and camera senders; `starting`: the camera goes at its start size. Never throws: a
 * browser that rejects a field (Firefox has no degradationPreference) keeps its defaults, which still adapt,
 * just less deliberately.
 */
export async function adaptSenders(pc: RTCPeerConnection, receivers = 1, starting = false): Promise<void> {
	const seen = new Set<string>();
	for (const transceiver of pc.getTransceivers()) {
		const kind = transceiver.receiver.track.kind;
		if (transceiver.currentDirection === 'stopped' || (kind !== 'audio' && kind !== 'video')) continue;
		// Only the microphone and the camera (the first of each kind); a screen share keeps its own policy.
		if (seen.has(kind)) continue;
		seen.add(kind);
		const sender = transceiver.sender;
		const parameters = sender.getParameters();
		if (parameters.encodings.length === 0) continue;
		const start = starting ? startScale(sender.track) : 1;
		try {
			await sender.setParameters(tunedParameters(kind, parameters, receivers, start));
		} catch {
			try {
				// Without the fields some browsers refuse, keep at least the bitrate cap / priorities.
				const rest = tunedParameters(kind, sender.getParameters(), receivers, start);
				delete rest.degradationPreference;
				await sender.setParameters(rest);
			} catch (error) {
				console.warn('qrcall: sender parameters not applied', error);
			}
		}
	}
}
