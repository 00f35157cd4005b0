// How loud the other side's microphone is, as its own browser measured it: every browser sends the RTP
// audio-level header extension (RFC 6464) with its microphone's packets, and RTCRtpReceiver's
// getSynchronizationSources() reports the latest one. The speaking indicators read it instead of running the
// remote audio through Web Audio: an AnalyserNode per remote track needed an AudioContext made when the track
// arrived, outside any user gesture, which starts suspended where audio needs one (iOS Safari), and a group
// ran one analyser per member. (It saved no CPU measurably: session 11's idle probe, Chromium 156.)
import { mediaTransceiver } from './tracks';

/**
 * A reader of the other side's microphone level, 0…1 (linear amplitude, as RFC 6464's dBov converts): 0 when
 * no packet arrived since the previous read (muted with DTX, link down) or there is no audio receiver.
 */
export function receivedLevel(pc: Pick<RTCPeerConnection, 'getTransceivers'>): () => number {
	let lastPacket: number | undefined;
	return () => {
		const microphone = mediaTransceiver(pc, 'audio');
		const latest = microphone?.receiver.getSynchronizationSources()[0];
		// Compared by RTP timestamp, not `timestamp`: that clock's origin has differed between browsers.
		if (!latest || latest.rtpTimestamp === lastPacket) return 0;
		lastPacket = latest.rtpTimestamp;
		return latest.audioLevel ?? 0;
	};
}
