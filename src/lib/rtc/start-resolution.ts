// The camera's first frames go at the size its encoder affords at the start of a stream, full size once the
// link's bandwidth estimate allows it. Why: libwebrtc's video encoder drops a new stream's frames while they
// are larger than its start bitrate allows (VideoStreamEncoder::DropDueToSize: above 320×240 under 300 kbit/s,
// above 640×480 under 500 kbit/s; Chromium's estimate starts at 300 kbit/s) and asks the camera for smaller
// ones, one frame interval per step, until one frame gets past that check. A one-stage call never drops them:
// its answerer's encoder sees its first camera frame before DTLS is up, with no target bitrate yet, so that
// frame passes and ends the drop phase, and 640×480 goes from the first frame after DTLS (Chrome trace of the
// bench's reference). In qrcall DTLS is up before stage two, so a 640×480 camera lost two frames right after
// the media answer, on both sides: the joiner's first encoded frame came 110–150 ms after it applied the
// answer (Chrome traces, fake 20 fps camera), and 4–34 ms (its next camera frame) with the start size.
// Starting at the size the encoder would reach anyway, no frame is dropped; the size is lifted once the first
// frame is out and the estimate reaches what the encoder wants for VGA (then no frame is dropped for its size
// any more), so the call soon sends 640×480 again, sooner than before, when the encoder's quality scaler
// climbed back from 320×240 itself.
import { mediaTransceiver } from './tracks';

/** The largest frame libwebrtc encodes at a start under 300 kbit/s without dropping it (320×240). */
export const startPixels = 320 * 240;
/** The estimate from which libwebrtc encodes a 640×480 frame at the start without dropping it. */
export const fullSizeBitrate = 500_000;
/** How often the bandwidth estimate is read while the camera goes at its start size. */
export const startCheckEveryMs = 250;
/**
 * The start size is lifted after this long (in checks, so a slow getStats stretches it) whatever the estimate
 * says: adaptation then is the encoder's own, as on any call.
 */
export const startSizeMaxMs = 10_000;

/** How much a camera's frames are scaled down at the start (1: small enough already; none without a track). */
export function startScale(track: MediaStreamTrack | null | undefined): number {
	const { width = 0, height = 0 } = track?.getSettings() ?? {};
	const pixels = width * height;
	return pixels > startPixels ? Math.sqrt(pixels / startPixels) : 1;
}

interface StartStats {
	/** The send-side bandwidth estimate of the selected candidate pair; undefined where none is reported. */
	rate?: number;
	/** Frames the camera's encoder produced. */
	encoded: number;
}

/** What decides the lift, from one getStats. */
async function startStats(pc: RTCPeerConnection): Promise<StartStats> {
	const camera = mediaTransceiver(pc, 'video')?.sender;
	if (!camera) return { encoded: 0 };
	const report = await camera.getStats();
	let pairId: string | undefined;
	let encoded = 0;
	report.forEach((s: { type: string; selectedCandidatePairId?: string; framesEncoded?: number }) => {
		if (s.type === 'transport' && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
		if (s.type === 'outbound-rtp') encoded += s.framesEncoded ?? 0;
	});
	const pair = (pairId ? report.get(pairId) : undefined) as { availableOutgoingBitrate?: number } | undefined;
	return { rate: pair?.availableOutgoingBitrate, encoded };
}

/**
 * Calls `lift` once: when the camera's first frame is encoded (from then on libwebrtc drops none for its size)
 * and the estimate reaches fullSizeBitrate (where a browser reports none, Firefox, the first frame suffices),
 * or startSizeMaxMs after the start. Returns stop (idempotent).
 */
export function liftStartSize(pc: RTCPeerConnection, lift: () => void): () => void {
	let checks = 0;
	let timer: ReturnType<typeof setTimeout> | undefined;
	let stopped = false;
	const check = async () => {
		const { rate, encoded } = await startStats(pc).catch(() => ({ rate: 0, encoded: 0 }));
		if (stopped) return;
		const afforded = encoded > 0 && (rate === undefined || rate >= fullSizeBitrate);
		if (afforded || ++checks * startCheckEveryMs >= startSizeMaxMs) {
			stopped = true;
			return lift();
		}
		timer = setTimeout(() => void check(), startCheckEveryMs);
	};
	timer = setTimeout(() => void check(), startCheckEveryMs);
	return () => {
		stopped = true;
		clearTimeout(timer);
	};
}

/** Whether the camera goes at its start size, and the watch that lifts it. */
export interface StartSize {
	readonly starting: boolean;
	/** Starts the watch (once; on connecting: the estimate belongs to the selected pair). */
	start(): void;
	stop(): void;
}

/** `onLifted`: the senders are to be tuned again at full size. */
export function createStartSize(pc: RTCPeerConnection, onLifted: () => void): StartSize {
	let starting = true;
	let stop: (() => void) | undefined;
	return {
		get starting() {
			return starting;
		},
		start() {
			stop ??= liftStartSize(pc, () => {
				starting = false;
				onLifted();
			});
		},
		stop: () => stop?.()
	};
}
