// How loud the other side's microphone is, as it plays here: the audio receiver's statistics count the energy
// of every sample played out (totalAudioEnergy, totalSamplesDuration), so two reads give the mean square over
// the time between them, and its root is the RMS that the speaking indicators take. Read with getStats(),
// which answers asynchronously. getSynchronizationSources() (the RTP audio-level header's last value) was read
// before: in Chromium it is a synchronous call to WebRTC's worker thread, and in a 4-person call on 2 cores
// each such read blocked the page's main thread for 2–200 ms, 1.0–2.1 s of main thread per 10 s (traces of
// a member's page during bench:group joins, session 12), while the page had relayed offers to answer. No
// AnalyserNode either: it needs an AudioContext made outside a user gesture, which starts suspended where
// audio needs one (iOS Safari).
import { mediaTransceiver } from './tracks';

/** The receiver's playout totals at one read. */
interface Totals {
	energy: number;
	duration: number;
}

/** The audio inbound-rtp entry's totals in a receiver's report; null without one (nothing received yet). */
function totalsOf(report: RTCStatsReport): Totals | null {
	for (const stats of report.values() as IterableIterator<Partial<RTCInboundRtpStreamStats>>) {
		if (stats.type !== 'inbound-rtp' || stats.kind !== 'audio') continue;
		const { totalAudioEnergy: energy, totalSamplesDuration: duration } = stats;
		return energy === undefined || duration === undefined ? null : { energy, duration };
	}
	return null;
}

/**
 * A reader of the other side's microphone level, 0…1 (RMS, linear) since the previous read: 0 on the first
 * read, when nothing played since (no audio receiver, no packets) or when the statistics cannot be read.
 */
export function receivedLevel(pc: Pick<RTCPeerConnection, 'getTransceivers'>): () => Promise<number> {
	let last: Totals | null = null;
	return async () => {
		const receiver = mediaTransceiver(pc, 'audio')?.receiver;
		const now = receiver ? totalsOf(await receiver.getStats().catch(() => new Map())) : null;
		const before = last;
		last = now;
		if (!now || !before || now.duration <= before.duration) return 0;
		const meanSquare = (now.energy - before.energy) / (now.duration - before.duration);
		return Math.sqrt(Math.max(0, meanSquare));
	};
}
