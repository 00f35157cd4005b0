// The control channel of stage two: the negotiated data channel every message after the code travels on
// (docs/peer-protocol.md). It queues what is sent before it opens and hands incoming messages on one at a
// time, in order; peer.ts decides what each message means.
import { probeChannelInit } from './liveness';
import { parseMessage, type PeerMessage } from './protocol';
import { deflatedFramesFromVersion } from './group/wire';
import type { BrowserName } from './outlasted';

/** The bootstrap data channel: negotiated, so the code needs no stream information and no DCEP round trip. */
export const channelInit: RTCDataChannelInit = { negotiated: true, id: 0, ordered: true };

/**
 * A message longer than this (JSON text) travels as a binary frame, deflate-raw of that text. A restart offer
 * must cross a link that works one way only at first (./restart): SCTP then sends no more than a few packets
 * unacknowledged, and a Chromium A/V offer (6 KB, 5–6 packets) stalled where its 1.5 KB deflated form (2
 * packets) got through and came back answered (measured in the 60 s outage ladder).
 */
export const compressAboveBytes = 1_000;

const viaStream = (data: BlobPart, stream: CompressionStream | DecompressionStream) =>
	new Response(new Blob([data]).stream().pipeThrough(stream));

/**
 * The frame for one message's JSON text: its deflated bytes when long and the other side reads them
 * (`peerInflates`), else the text itself.
 */
export async function encodeFrame(text: string, peerInflates: boolean): Promise<string | ArrayBuffer> {
	if (!peerInflates || text.length <= compressAboveBytes) return text;
	return viaStream(text, new CompressionStream('deflate-raw')).arrayBuffer();
}

/**
 * Whether the other side reads deflated frames, as far as `message` tells: its `hello` says so from protocol
 * version 2 on; undefined for any other message. A qrcall from before groups sends no hello and ignores binary
 * frames (it would never get a long A/V offer), some version 1 builds predate them, and a foreign stack sends
 * no hello.
 */
export function readsDeflatedFrames(message: PeerMessage): boolean | undefined {
	return message.t === 'hello' ? message.v >= deflatedFramesFromVersion : undefined;
}

/** The JSON text of a received frame. */
export async function decodeFrame(data: string | ArrayBuffer): Promise<string> {
	return typeof data === 'string' ? data : viaStream(data, new DecompressionStream('deflate-raw')).text();
}

export interface ChannelEvents {
	/** The channel opened; the outbox is flushed right after. */
	onOpen: () => void;
	/** Handled as it arrives, ahead of the queue; true when the message was consumed (liveness probes). */
	onUrgent: (message: PeerMessage) => boolean;
	/** Every other message, one at a time: the next waits until this one's promise settles. */
	onMessage: (message: PeerMessage) => Promise<void>;
	/** A message whose handling failed. */
	onMessageError: (error: unknown) => void;
	/** The other side closed the channel (or the connection under it went away). */
	onClose: () => void;
}

/** How one message goes (ControlChannel.send). */
export interface FrameOptions {
	/**
	 * As JSON text however long: for a description over a link just checked both ways, where the two deflate
	 * stream pipelines (one each side) only cost time: each takes several task hops, 5–70 ms on a busy main
	 * thread (bench:call at load ~25), while the message crosses loopback in 1–2 ms.
	 */
	text?: boolean;
}

export interface ControlChannel {
	send(message: PeerMessage, options?: FrameOptions): void;
	/** The other side's browser, once its `hello` said it (./outlasted). */
	peerBrowser(): BrowserName | undefined;
	isOpen(): boolean;
	listen(events: ChannelEvents): void;
	/** Closes without reporting onClose: the caller of close already knows. */
	close(): void;
}

/**
 * The data channel's message handler: one message at a time, in order, so an offer, its answer and the
 * candidates after them do not interleave (perfect negotiation reads the signaling state as it was when the
 * message arrived). `learn` sees every parsed message first (the other side's hello).
 */
function inboxReceiver(
	events: ChannelEvents,
	learn: (message: PeerMessage | null) => PeerMessage | null
): (event: MessageEvent<string | ArrayBuffer>) => void {
	let inbox = Promise.resolve();
	return ({ data }) => {
		if (typeof data !== 'string') {
			// A deflated message takes its turn in the queue, so it keeps its place among the others.
			inbox = inbox
				.then(async () => {
					const message = learn(parseMessage(await decodeFrame(data)));
					if (message) await events.onMessage(message);
				})
				.catch(events.onMessageError);
			return;
		}
		const message = learn(parseMessage(data));
		// Pings and pongs skip the queue: a negotiation in progress must not make a live link look dead.
		if (!message || events.onUrgent(message)) return;
		inbox = inbox.then(() => events.onMessage(message)).catch(events.onMessageError);
	};
}

export function createControlChannel(pc: RTCPeerConnection): ControlChannel {
	const dc = pc.createDataChannel('qrcall', channelInit);
	dc.binaryType = 'arraybuffer';
	const outbox: (string | ArrayBuffer)[] = [];
	const isOpen = () => dc.readyState === 'open';
	const put = (data: string | ArrayBuffer) => {
		if (typeof data === 'string') dc.send(data);
		else dc.send(data);
	};
	/** Frames leave in the order their messages were sent, though deflating takes a moment. */
	let sending = Promise.resolve();
	/** Text until the other side's hello says it reads deflated frames (docs/peer-protocol.md, Messages). */
	let peerInflates = false;
	let peerBrowser: BrowserName | undefined;
	const learn = (message: PeerMessage | null) => {
		if (message) peerInflates = readsDeflatedFrames(message) ?? peerInflates;
		if (message?.t === 'hello') peerBrowser = message.browser ?? peerBrowser;
		return message;
	};

	return {
		send(message, options = {}) {
			const text = JSON.stringify(message);
			sending = sending
				// A browser that cannot deflate sends the text: longer, but never lost.
				.then(() => encodeFrame(text, peerInflates && !options.text).catch(() => text))
				.then((data) => {
					if (isOpen()) put(data);
					else outbox.push(data);
				})
				.catch((error: unknown) => console.warn('qrcall: a control message could not be sent', error));
		},
		isOpen,
		peerBrowser: () => peerBrowser,
		listen(events) {
			dc.onopen = () => {
				events.onOpen();
				for (const data of outbox.splice(0)) put(data);
			};
			dc.onmessage = inboxReceiver(events, learn);
			dc.onclose = events.onClose;
		},
		close() {
			dc.onclose = null;
			dc.close();
		}
	};
}

export interface ProbeChannel {
	/** Sent only while open: a probe lost in an outage is better than one queued behind it (./liveness). */
	send(message: PeerMessage): void;
	isOpen(): boolean;
	/** Every message that arrives, as it arrives (no queue: pings, pongs and key-frame requests). */
	listen(onMessage: (message: PeerMessage) => void): void;
	close(): void;
}

/** Pings, pongs and key-frame requests travel on their own unordered, never-retransmitted channel. */
export function createProbeChannel(pc: RTCPeerConnection): ProbeChannel {
	const probe = pc.createDataChannel('qrcall-probe', probeChannelInit);
	const isOpen = () => probe.readyState === 'open';
	return {
		send(message) {
			if (isOpen()) probe.send(JSON.stringify(message));
		},
		isOpen,
		listen(onMessage) {
			probe.onmessage = ({ data }) => {
				const message = parseMessage(data);
				if (message) onMessage(message);
			};
		},
		close: () => probe.close()
	};
}
