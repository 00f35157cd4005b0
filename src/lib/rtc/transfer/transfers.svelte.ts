// Files sent and received during the call, each on its own data channel (see ./wire for the format). Reads
// with Blob.slice a segment at a time and receives into Blob parts, so neither side holds the file in the
// JS heap; back-pressure through bufferedAmountLowThreshold keeps the send queue bounded.
import {
	channelPrefix,
	chunkSize,
	highWater,
	lowWater,
	parseWire,
	SegmentHasher,
	segmentSize,
	type WireMessage
} from './wire';

export type TransferStatus =
	'waiting' | 'sending' | 'receiving' | 'verifying' | 'done' | 'failed' | 'cancelled';

export class Transfer {
	readonly id: string;
	readonly direction: 'out' | 'in';
	name = $state('');
	size = $state(0);
	bytes = $state(0);
	/** Bytes per second over the last second or so. */
	speed = $state(0);
	status = $state<TransferStatus>('waiting');
	/** Received and verified: an object URL to save the file from. */
	url = $state<string | null>(null);
	error = $state<string | null>(null);
	#samples: { at: number; bytes: number }[] = [];
	cancel: () => void = () => {};

	constructor(id: string, direction: 'out' | 'in') {
		this.id = id;
		this.direction = direction;
	}

	get active(): boolean {
		return (
			this.status === 'waiting' ||
			this.status === 'sending' ||
			this.status === 'receiving' ||
			this.status === 'verifying'
		);
	}

	progress(bytes: number): void {
		const now = performance.now();
		this.bytes = bytes;
		this.#samples.push({ at: now, bytes });
		while (this.#samples.length > 2 && now - (this.#samples[0]?.at ?? now) > 1_500) this.#samples.shift();
		const first = this.#samples[0];
		if (first && now > first.at) this.speed = ((bytes - first.bytes) * 1000) / (now - first.at);
	}
}

export interface TransfersOptions {
	createChannel: (label: string, init: RTCDataChannelInit) => RTCDataChannel;
}

const opened = (channel: RTCDataChannel) =>
	new Promise<void>((resolve, reject) => {
		if (channel.readyState === 'open') return resolve();
		channel.addEventListener('open', () => resolve(), { once: true });
		channel.addEventListener('close', () => reject(new Error('channel closed')), { once: true });
	});

const drained = (channel: RTCDataChannel) =>
	new Promise<void>((resolve) => {
		const done = () => {
			channel.removeEventListener('bufferedamountlow', done);
			channel.removeEventListener('close', done);
			resolve();
		};
		channel.addEventListener('bufferedamountlow', done);
		channel.addEventListener('close', done);
	});

export class Transfers {
	#items = $state.raw<Transfer[]>([]);
	#options: TransfersOptions;

	constructor(options: TransfersOptions) {
		this.#options = options;
	}

	get items(): readonly Transfer[] {
		return this.#items;
	}

	/** Sends each file on its own channel; they run side by side (SCTP interleaves them). */
	send(files: Iterable<File>): void {
		for (const file of files) {
			const item = new Transfer(crypto.randomUUID(), 'out');
			item.name = file.name;
			item.size = file.size;
			this.#items = [...this.#items, item];
			this.#send(file, item).catch((error: unknown) => this.#fail(item, error));
		}
	}

	/** A data channel the other side opened: ours if its label says so. */
	accept(channel: RTCDataChannel): boolean {
		if (!channel.label.startsWith(channelPrefix)) return false;
		const item = new Transfer(channel.label.slice(channelPrefix.length), 'in');
		item.status = 'receiving';
		this.#items = [...this.#items, item];
		this.#receive(channel, item);
		return true;
	}

	/** Call ended: cancel what runs, keep finished files downloadable until clear(). */
	stopAll(): void {
		for (const item of this.#items) if (item.active) item.cancel();
	}

	clear(): void {
		this.stopAll();
		for (const item of this.#items) if (item.url) URL.revokeObjectURL(item.url);
		this.#items = [];
	}

	async #send(file: File, item: Transfer): Promise<void> {
		const channel = this.#options.createChannel(channelPrefix + item.id, { ordered: true });
		channel.binaryType = 'arraybuffer';
		channel.bufferedAmountLowThreshold = lowWater;
		const verdict = this.#listen(channel, item, (message) => message.t === 'verdict');
		item.cancel = () => this.#cancel(channel, item);
		await opened(channel);
		if (!item.active) return;
		item.status = 'sending';
		channel.send(
			JSON.stringify({ t: 'header', name: file.name, size: file.size, type: file.type, segment: segmentSize })
		);
		const hasher = new SegmentHasher();
		let sent = 0;
		for (let offset = 0; offset < file.size; offset += segmentSize) {
			const segment = new Uint8Array(await file.slice(offset, offset + segmentSize).arrayBuffer());
			hasher.add(segment);
			for (let o = 0; o < segment.byteLength; o += chunkSize) {
				if (channel.bufferedAmount > highWater) await drained(channel);
				if (!item.active || channel.readyState !== 'open') return;
				const chunk = segment.subarray(o, o + chunkSize);
				channel.send(chunk);
				sent += chunk.byteLength;
			}
			item.progress(sent);
		}
		channel.send(JSON.stringify({ t: 'end', hash: await hasher.hex() }));
		item.status = 'verifying';
		const reply = await verdict;
		if (reply?.t !== 'verdict') return;
		item.progress(file.size);
		if (reply.ok) item.status = 'done';
		else this.#fail(item, new Error('The file arrived damaged (hash mismatch).'));
		channel.close();
	}

	#receive(channel: RTCDataChannel, item: Transfer): void {
		channel.binaryType = 'arraybuffer';
		item.cancel = () => this.#cancel(channel, item);
		const hasher = new SegmentHasher();
		const parts: Blob[] = [];
		let header: Extract<WireMessage, { t: 'header' }> | null = null;
		let segment = new Uint8Array(0);
		let filled = 0;
		let received = 0;

		const flush = () => {
			if (filled === 0) return;
			const full = filled === segment.byteLength ? segment : segment.slice(0, filled);
			hasher.add(full);
			// A Blob moves the bytes out of the JS heap (Chromium spills large blobs to disk).
			parts.push(new Blob([full]));
			segment = new Uint8Array(header?.segment ?? segmentSize);
			filled = 0;
			item.progress(received);
		};

		const finish = async (hash: string) => {
			flush();
			item.status = 'verifying';
			const ok = received === header?.size && (await hasher.hex()) === hash;
			if (channel.readyState === 'open') channel.send(JSON.stringify({ t: 'verdict', ok }));
			if (!ok) return this.#fail(item, new Error('The file arrived damaged (hash mismatch).'));
			item.url = URL.createObjectURL(new Blob(parts, { type: header?.type || 'application/octet-stream' }));
			item.progress(received);
			item.status = 'done';
		};

		channel.onmessage = ({ data }: MessageEvent<unknown>) => {
			if (!item.active) return;
			if (data instanceof ArrayBuffer) {
				if (!header) return this.#fail(item, new Error('Data before the file header.'));
				let bytes = new Uint8Array(data);
				received += bytes.byteLength;
				if (received > header.size) return this.#fail(item, new Error('More data than announced.'));
				while (bytes.byteLength > 0) {
					const n = Math.min(bytes.byteLength, segment.byteLength - filled);
					segment.set(bytes.subarray(0, n), filled);
					filled += n;
					bytes = bytes.subarray(n);
					if (filled === segment.byteLength) flush();
				}
				return;
			}
			const message = typeof data === 'string' ? parseWire(data) : null;
			if (message?.t === 'header' && !header) {
				header = message;
				item.name = message.name;
				item.size = message.size;
				segment = new Uint8Array(message.segment);
			} else if (message?.t === 'end') {
				finish(message.hash).catch((error: unknown) => this.#fail(item, error));
			} else if (message?.t === 'cancel') {
				item.status = 'cancelled';
				channel.close();
			}
		};
		channel.onclose = () => {
			if (item.active) item.status = 'cancelled';
		};
	}

	/** Resolves with the first message `wanted` accepts, or null when the channel closes first. */
	#listen(
		channel: RTCDataChannel,
		item: Transfer,
		wanted: (m: WireMessage) => boolean
	): Promise<WireMessage | null> {
		return new Promise((resolve) => {
			channel.onmessage = ({ data }: MessageEvent<unknown>) => {
				const message = typeof data === 'string' ? parseWire(data) : null;
				if (message?.t === 'cancel') {
					if (item.active) item.status = 'cancelled';
					channel.close();
					resolve(null);
				} else if (message && wanted(message)) resolve(message);
			};
			channel.onclose = () => {
				if (item.active) item.status = 'cancelled';
				resolve(null);
			};
		});
	}

	#cancel(channel: RTCDataChannel, item: Transfer): void {
		if (!item.active) return;
		item.status = 'cancelled';
		if (channel.readyState === 'open') channel.send(JSON.stringify({ t: 'cancel' }));
		// Closing right after send: the close is ordered after the queued message on the SCTP stream.
		channel.close();
	}

	#fail(item: Transfer, error: unknown): void {
		if (item.status === 'cancelled') return;
		item.status = 'failed';
		item.error = error instanceof Error ? error.message : String(error);
	}
}
