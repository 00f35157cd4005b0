// Video that froze while the call says "Connected" must never be silent. Seen after outages: ICE and audio
// came back while the other side's camera stayed frozen until a renegotiation. The receiver watches its
// decoded frames; when they stop for longer than videoStallMs while connected and the other side says its
// camera is on, the UI says "Video paused" and the sender is asked for a fresh key frame over the channel
// (no page API sends a receiver's key-frame request outside encoded transforms), again each stall period,
// as long as something still arrives from the other side (arrivalWithinMs). When not one frame ever came
// (another WebRTC stack that accepts video and sends none, a camera that never started), "paused" would
// be wrong: that stall is `absent`, and the UI says there is no video from the other device.
import { mediaTransceiver } from './tracks';

/** Remote frames stopped this long while connected: the video counts as paused. */
export const videoStallMs = 5_000;
/** How often the decoded-frame counter is read. */
export const videoCheckEveryMs = 1_000;
/**
 * A key frame is asked for only when something arrived from the other side this recently (RTP, or any
 * payload on a candidate pair): frames that stop because the link died are the outage's to handle, not the
 * sender's. Why: the request is a data-channel message, and one sent into a dead link stays outstanding in
 * SCTP, which backs its retransmission timer off. In the netns 20 s outage (Chromium↔Chromium, session 6)
 * "Video paused" came 5.3–5.6 s after the cut, before ICE noticed the outage (5.6–6.2 s); where the caller's
 * request went out then, its restart offer (./restart) never left SCTP's buffer when the link returned
 * (1,601 bytes for 4 s, over a link that works one way at first) and SCTP closed the call 4 s later: 2 of 2
 * failed runs had sent it, 0 of 4 passing runs.
 */
export const arrivalWithinMs = 2_000;

/** The remote camera's video: frames come (or none are expected), they stopped, or not one ever came. */
export type VideoStall = 'none' | 'paused' | 'absent';

export interface VideoWatchOptions {
	/** Frames are expected now: connected, and the other side's camera is on. */
	expected: () => boolean;
	/** The remote camera's video stopped, never came, or came back ('none'). */
	onStall: (stall: VideoStall) => void;
	/** Asks the other side for a key frame (a `keyframe` message). */
	requestKeyFrame: () => void;
}

/** The transceiver of the camera, as rtc/tracks.ts assigns it. */
const cameraTransceiver = (pc: RTCPeerConnection) => mediaTransceiver(pc, 'video');

/** Frames decoded from the remote camera; 0 while nothing arrived yet; null when there is no camera video. */
async function framesDecoded(pc: RTCPeerConnection): Promise<number | null> {
	const transceiver = cameraTransceiver(pc);
	const receiving =
		transceiver?.currentDirection === 'sendrecv' || transceiver?.currentDirection === 'recvonly';
	const receiver = transceiver?.receiver;
	if (!receiver || !receiving) return null;
	let frames = 0;
	(await receiver.getStats()).forEach((s: { type: string; framesDecoded?: number }) => {
		if (s.type === 'inbound-rtp' && typeof s.framesDecoded === 'number') frames = s.framesDecoded;
	});
	return frames;
}

/** A count that moves whenever anything arrives from the other side (RTP packets, candidate-pair bytes). */
async function arrivals(pc: RTCPeerConnection): Promise<number> {
	let count = 0;
	(await pc.getStats()).forEach((s: { type: string; packetsReceived?: number; bytesReceived?: number }) => {
		if (s.type === 'inbound-rtp') count += s.packetsReceived ?? 0;
		if (s.type === 'candidate-pair') count += s.bytesReceived ?? 0;
	});
	return count;
}

/** Whether something arrived from the other side within arrivalWithinMs, as seen at each call. */
function linkCarries(pc: RTCPeerConnection) {
	let last = -1;
	let arrivedAt = Date.now();
	return async (now: number) => {
		const count = await arrivals(pc).catch(() => null);
		// Not known (the statistics failed): counted as an arrival, so a request is not withheld for it.
		if (count === null || count !== last) arrivedAt = now;
		last = count ?? last;
		return now - arrivedAt < arrivalWithinMs;
	};
}

/** Watches the remote camera's decoded frames; returns the stop function. */
export function watchRemoteVideo(pc: RTCPeerConnection, options: VideoWatchOptions): () => void {
	let last: number | null = null;
	let lastChange = Date.now();
	let lastRequest = 0;
	let stall: VideoStall = 'none';
	/** Whether this receiver ever decoded a frame: a stall before the first one is `absent`. */
	let decodedAny = false;
	const carries = linkCarries(pc);
	const setStall = (next: VideoStall) => {
		if (stall === next) return;
		stall = next;
		options.onStall(next);
	};
	// Statistics cost the page's main thread (a getStats builds every report as JS objects): none are read
	// while no frames are expected (an audio-only call reads nothing), and the whole connection's only while
	// the frames stand still. That still decides as before: a request comes videoStallMs into a stall, and
	// the arrivals sampled from its first second on tell whether anything came within arrivalWithinMs.
	const check = async () => {
		const now = Date.now();
		const frames = options.expected() ? await framesDecoded(pc).catch(() => null) : null;
		if (frames) decodedAny = true;
		if (!options.expected() || frames === null || frames !== last) {
			// Not expected (reconnecting, camera off) or advancing: the stall clock starts again.
			last = frames;
			lastChange = now;
			return setStall('none');
		}
		const alive = await carries(now);
		if (now - lastChange < videoStallMs) return;
		setStall(decodedAny ? 'paused' : 'absent');
		if (alive && now - lastRequest >= videoStallMs) {
			lastRequest = now;
			options.requestKeyFrame();
		}
	};
	const timer = setInterval(() => void check(), videoCheckEveryMs);
	return () => clearInterval(timer);
}

/**
 * The sender's side of a `keyframe` request: the camera's encoding is switched off and on again, which
 * restarts its encoder with a key frame.
 * HACK: RTCRtpSender has no key-frame method outside encoded transforms (generateKeyFrame exists only on
 * RTCRtpScriptTransformer: https://w3c.github.io/webrtc-encoded-transform/#dom-rtcrtpscripttransformer-generatekeyframe).
 */
export async function sendKeyFrame(pc: RTCPeerConnection): Promise<void> {
	const sender = cameraTransceiver(pc)?.sender;
	if (!sender?.track) return;
	for (const active of [false, true]) await setActive(sender, active);
}

/** setParameters tries, with fresh parameters each time, when another call on the sender came in between. */
const setParametersTries = 3;

/**
 * HACK: libwebrtc's setParameters consumes the transaction of the sender's last getParameters, so another
 * get/set pair in between (adaptSenders, a task after the ICE restart's negotiation that ends an outage)
 * makes this one fail with InvalidStateError "getParameters() has never been called on this sender"
 * (RtpSenderBase::SetParameters, https://webrtc.googlesource.com/src/+/refs/heads/main/pc/rtp_sender.cc).
 * Once, in CI, the encoding was switched off and not on again: video came back 6.2 s after a 20 s outage,
 * not within 3 s. Each switch is retried with fresh parameters.
 */
async function setActive(sender: RTCRtpSender, active: boolean): Promise<void> {
	for (let tries = 1; ; tries++) {
		const parameters = sender.getParameters();
		if (parameters.encodings.length === 0) return;
		parameters.encodings = parameters.encodings.map((encoding) => ({ ...encoding, active }));
		try {
			return await sender.setParameters(parameters);
		} catch (error) {
			const raced = error instanceof DOMException && error.name === 'InvalidStateError';
			if (!raced || tries >= setParametersTries) throw error;
		}
	}
}

/** Connections whose camera is restarting its encoding now (keyFrameAfterOutage). */
const sending = new WeakSet<RTCPeerConnection>();

/**
 * A key frame now, its failure logged (a `keyframe` request, or the link back after an outage). After an
 * outage the camera's encoder starts again with a key frame at once. Measured without it
 * (Chromium 156, 20 s outage): ICE, audio and bitrate were back within ~1 s, but the receiver decoded no
 * frame until ~4.4 s after the return: it got only delta frames whose references were lost in the outage,
 * and asked for a key frame only when its own 3 s no-frame timer ran out. A sender knows the link was down,
 * so it does not wait for a request that may come late over a data channel still backing off.
 */
export function keyFrameAfterOutage(pc: RTCPeerConnection): void {
	// One at a time: the two sides see the link back at nearly the same moment, so this side's own key frame
	// and the other side's request come together, and interleaved setParameters calls fail each other.
	if (sending.has(pc)) return;
	sending.add(pc);
	sendKeyFrame(pc)
		.catch((error: unknown) => console.warn('qrcall: key frame after an outage failed', error))
		.finally(() => sending.delete(pc));
}
