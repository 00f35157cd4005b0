// The control channel of stage two: the negotiated data channel every message after the code travels on
// (docs/peer-protocol.md). It queues what is sent before it opens and hands incoming messages on one at a
// time, in order; peer.ts decides what each message means.
import { probeChannelInit } from './liveness';
import { parseMessage, type PeerMessage } from './protocol';

/** The bootstrap data channel: negotiated, so the code needs no stream information and no DCEP round trip. */
export const channelInit: RTCDataChannelInit = { negotiated: true, id: 0, ordered: true };

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

export interface ControlChannel {
	send(message: PeerMessage): void;
	isOpen(): boolean;
	listen(events: ChannelEvents): void;
	/** Closes without reporting onClose: the caller of close already knows. */
	close(): void;
}

export function createControlChannel(pc: RTCPeerConnection): ControlChannel {
	const dc = pc.createDataChannel('qrcall', channelInit);
	const outbox: string[] = [];
	const isOpen = () => dc.readyState === 'open';

	return {
		send(message) {
			const data = JSON.stringify(message);
			if (isOpen()) dc.send(data);
			else outbox.push(data);
		},
		isOpen,
		listen(events) {
			dc.onopen = () => {
				events.onOpen();
				for (const data of outbox.splice(0)) dc.send(data);
			};
			// One message at a time, in order: an offer, its answer and the candidates after them must not
			// interleave (perfect negotiation reads the signaling state as it was when the message arrived).
			let inbox = Promise.resolve();
			dc.onmessage = ({ data }) => {
				const message = parseMessage(data);
				// Pings and pongs skip the queue: a negotiation in progress must not make a live link look dead.
				if (!message || events.onUrgent(message)) return;
				inbox = inbox.then(() => events.onMessage(message)).catch(events.onMessageError);
			};
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
