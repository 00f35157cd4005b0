// A foreign WebRTC peer for e2e tests (issue 14 §3): node-datachannel (libdatachannel, a real, independent
// WebRTC stack with prebuilt binaries) in the test process. It speaks only what the codes and
// docs/peer-protocol.md define: the bootstrap through the app's own codec (src/lib/signal, run here in Node),
// the negotiated control and probe channels, and the file wire format (src/lib/rtc/transfer/wire.ts) as
// receiver and sender. It never answers the app's audio/video offer: it has no media, like a server-side stack.
import { createHash, randomUUID } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import { PeerConnection, type DataChannel } from 'node-datachannel';
import { decode, encode } from '../../src/lib/signal';
import { partSize } from '../../src/lib/rtc/transfer/wire';

const origin = 'https://qrcall.app/';
/** libdatachannel reports gathering complete before its description lists the candidates: wait this long. */
const gatherTimeoutMs = 5_000;
/** Sending a file: chunk size and back-pressure marks (bytes). */
const sendChunk = 16 * 1024;
const sendHighWater = 1024 * 1024;
const sendLowWater = 256 * 1024;

/** What the peer received as one file on a `file:<id>` channel, and what it answered. */
export interface ReceivedFile {
	name: string;
	size: number;
	/** SHA-256 of the bytes that arrived. */
	sha256: string;
	/** The SHA-256 of each part, as the sender announced them in its `part` messages. */
	parts: string[];
	/** The largest single binary message (the sender's chunk size as it reached this peer). */
	largestMessage: number;
}

export interface ForeignPeerOptions {
	/** Declared as `a=max-message-size` in this peer's description (libdatachannel's default: 262144). */
	maxMessageSize?: number;
}

export class ForeignPeer {
	readonly #pc: PeerConnection;
	readonly #control: DataChannel;
	readonly #probe: DataChannel;
	readonly #opened: Promise<void>;
	/** Every JSON message that arrived on the control channel, in order. */
	readonly messages: { t: string; [key: string]: unknown }[] = [];
	/** The kind (`t`) of each of those that came as a deflated binary frame rather than as text. */
	readonly deflated: string[] = [];
	readonly #files: Promise<ReceivedFile>[] = [];
	#offerSdp: string | null = null;
	/** This peer's own description, as libdatachannel wrote it (for the golden fixtures). */
	localSdp: string | null = null;

	constructor(options: ForeignPeerOptions = {}) {
		this.#pc = new PeerConnection('foreign', {
			iceServers: [],
			...(options.maxMessageSize ? { maxMessageSize: options.maxMessageSize } : {})
		});
		// docs/peer-protocol.md: both channels are negotiated, ids 0 and 2, on both sides.
		this.#control = this.#pc.createDataChannel('qrcall', { negotiated: true, id: 0 });
		this.#probe = this.#pc.createDataChannel('qrcall-probe', {
			negotiated: true,
			id: 2,
			unordered: true,
			maxRetransmits: 0
		});
		this.#opened = new Promise((resolve) => this.#control.onOpen(resolve));
		this.#control.onMessage((data) => {
			// A long message (an A/V offer) comes as a binary frame, its JSON deflate-raw'd, once this peer's
			// hello said it reads them (docs/peer-protocol.md); this peer sends none unless a test makes it.
			const text = typeof data === 'string' ? data : inflateRawSync(data).toString('utf8');
			const message = JSON.parse(text);
			this.messages.push(message);
			if (typeof data !== 'string') this.deflated.push(message.t);
		});
		this.#probe.onMessage((data) => {
			// Liveness (docs/peer-protocol.md): a ping is answered at once.
			const message = typeof data === 'string' ? JSON.parse(data) : null;
			if (message?.t === 'ping') this.#probe.sendMessage(JSON.stringify({ t: 'pong', id: message.id }));
		});
		this.#pc.onDataChannel((channel) => {
			if (channel.getLabel().startsWith('file:')) this.#files.push(receiveFile(channel));
		});
	}

	/** A call from this peer: its offer as a qrcall link. */
	async offer(): Promise<string> {
		this.#pc.setLocalDescription();
		const sdp = await this.#gathered();
		this.#offerSdp = sdp;
		return encode({ type: 'offer', sdp }, { origin });
	}

	/** The app's answer code, decoded with the app's codec and applied. */
	accept(answerCode: string): void {
		if (!this.#offerSdp) throw new Error('accept() before offer()');
		const answer = decode(answerCode, { expect: 'answer', answering: this.#offerSdp });
		this.#pc.setRemoteDescription(answer.sdp, answer.type);
	}

	/** The app's offer code, decoded with the app's codec and answered: the answer as a qrcall link. */
	async answer(offerCode: string): Promise<string> {
		const offer = decode(offerCode, { expect: 'offer' });
		this.#pc.setRemoteDescription(offer.sdp, offer.type);
		const sdp = await this.#gathered();
		return encode({ type: 'answer', sdp }, { origin, answering: offer.sdp });
	}

	/** Resolves when the control channel is open (the app's "Connected"). */
	opened(): Promise<void> {
		return this.#opened;
	}

	send(message: object): void {
		this.#control.sendMessage(JSON.stringify(message));
	}

	/** The n-th file (from 0) sent to this peer, once it arrived and was answered with a verdict. */
	async file(n = 0): Promise<ReceivedFile> {
		const deadline = Date.now() + 60_000;
		while (!this.#files[n]) {
			if (Date.now() > deadline) throw new Error(`no file channel #${n} was opened within 60 s`);
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		return this.#files[n];
	}

	/**
	 * Sends a file the way the app does (wire.ts): header, each part in 16 KiB chunks followed by its SHA-256,
	 * end. Resolves with the app's verdict (true: it stored the file and every part's SHA-256 matched).
	 */
	async sendFile(name: string, data: Buffer): Promise<boolean> {
		const channel = this.#pc.createDataChannel(`file:${randomUUID()}`);
		const verdict = new Promise<boolean>((resolve, reject) => {
			channel.onMessage((message) => {
				const parsed = typeof message === 'string' ? JSON.parse(message) : null;
				if (parsed?.t === 'verdict') resolve(parsed.ok === true);
				if (parsed?.t === 'cancel') reject(new Error(`the app cancelled the file: ${message}`));
			});
			channel.onClosed(() => reject(new Error('file channel closed before the verdict')));
		});
		await new Promise<void>((resolve) => channel.onOpen(resolve));
		channel.sendMessage(JSON.stringify({ t: 'header', v: 3, name, size: data.byteLength, type: '' }));
		channel.setBufferedAmountLowThreshold(sendLowWater);
		for (const part of cutInParts(data)) {
			for (let offset = 0; offset < part.byteLength; offset += sendChunk) {
				if (channel.bufferedAmount() > sendHighWater)
					await new Promise<void>((resolve) => channel.onBufferedAmountLow(resolve));
				channel.sendMessageBinary(part.subarray(offset, offset + sendChunk));
			}
			channel.sendMessage(JSON.stringify({ t: 'part', sha256: sha256Of(part) }));
		}
		channel.sendMessage(JSON.stringify({ t: 'end' }));
		return verdict;
	}

	close(): void {
		this.#pc.close();
	}

	/** The local description once gathering is complete and its candidates are written into it. */
	async #gathered(): Promise<string> {
		const until = Date.now() + gatherTimeoutMs;
		for (;;) {
			const local = this.#pc.localDescription();
			if (this.#pc.gatheringState() === 'complete' && local?.sdp.includes('a=candidate:')) {
				this.localSdp = local.sdp;
				return local.sdp;
			}
			if (Date.now() > until) throw new Error('node-datachannel did not finish gathering in 5 s');
			await new Promise((resolve) => setTimeout(resolve, 20));
		}
	}
}

/** The file cut as wire.ts cuts it: parts of 1 MiB, the last one shorter. */
export function cutInParts(data: Buffer): Buffer[] {
	const parts: Buffer[] = [];
	for (let at = 0; at < data.byteLength; at += partSize) parts.push(data.subarray(at, at + partSize));
	return parts;
}

export const sha256Of = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The receiving side of src/lib/rtc/transfer/wire.ts: header, chunks with each part's hash, end → verdict. */
function receiveFile(channel: DataChannel): Promise<ReceivedFile> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		const announced: string[] = [];
		let header: { name: string; size: number } | null = null;
		let largestMessage = 0;
		channel.onMessage((data) => {
			if (typeof data !== 'string') {
				const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data);
				chunks.push(bytes);
				largestMessage = Math.max(largestMessage, bytes.byteLength);
				return;
			}
			const message = JSON.parse(data);
			if (message.t === 'header') header = { name: message.name, size: message.size };
			if (message.t === 'part') announced.push(message.sha256);
			if (message.t !== 'end') return;
			const whole = Buffer.concat(chunks);
			const ok =
				header !== null &&
				whole.byteLength === header.size &&
				cutInParts(whole).map(sha256Of).join() === announced.join();
			channel.sendMessage(JSON.stringify({ t: 'verdict', ok }));
			if (!header) return reject(new Error('file ended before its header'));
			resolve({
				name: header.name,
				size: whole.byteLength,
				sha256: sha256Of(whole),
				parts: announced,
				largestMessage
			});
		});
		channel.onClosed(() => reject(new Error('file channel closed before its end message')));
	});
}
