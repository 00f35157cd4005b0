// Adaptation to a slow or lossy link: video gives way first (lower resolution and bitrate, the frame rate
// kept so motion never freezes), audio is protected (highest priority in the bandwidth split and in the
// network's DSCP marking). Applied to the senders once stage two has negotiated them.

/** A camera call never needs more; it leaves room for audio and the data channel on modest uplinks. */
export const videoMaxBitrate = 1_500_000;

/** The parameters this app wants on one sender (pure, so it is unit-testable without a browser). */
export function tunedParameters(
	kind: 'audio' | 'video',
	parameters: RTCRtpSendParameters
): RTCRtpSendParameters {
	const encodings = parameters.encodings.map((encoding) =>
		kind === 'audio'
			? { ...encoding, priority: 'high' as const, networkPriority: 'high' as const }
			: { ...encoding, maxBitrate: Math.min(encoding.maxBitrate ?? videoMaxBitrate, videoMaxBitrate) }
	);
	return kind === 'video'
		? { ...parameters, encodings, degradationPreference: 'maintain-framerate' }
		: { ...parameters, encodings };
}

/**
 * Tunes the microphone and camera senders. Never throws: a browser that rejects a field (Firefox has no
 * degradationPreference) keeps its defaults, which still adapt, just less deliberately.
 */
export async function adaptSenders(pc: RTCPeerConnection): Promise<void> {
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
		try {
			await sender.setParameters(tunedParameters(kind, parameters));
		} catch {
			try {
				// Without the fields some browsers refuse, keep at least the bitrate cap / priorities.
				const rest = tunedParameters(kind, sender.getParameters());
				delete rest.degradationPreference;
				await sender.setParameters(rest);
			} catch (error) {
				console.warn('qrcall: sender parameters not applied', error);
			}
		}
	}
}
