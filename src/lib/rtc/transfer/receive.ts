// The receiving side of one file: each chunk goes straight to a worker that writes it to the Origin Private
// File System and hashes it a part at a time, so the page holds no more than a few chunks; each part's SHA-256
// is compared with the sender's as soon as both are known (a damaged part fails the file at once), and the
// whole file is offered from storage.
import { FileWorker } from './channel';
import { reasonFor, type TransferErrorCode } from './messages';
import { PartCheck, type PartNews } from './part-check';
import { memoryLimitBytes, removeStored, storageRoot, storedFile, tabDirectory } from './storage';
import type { Transfer } from './transfer.svelte';
import { parseWire, partSize, partsOf } from './wire';
import type { WorkerReply } from './worker-protocol';

type Finished = Extract<WorkerReply, { op: 'finished' }>;

export class Receiver {
	#channel: RTCDataChannel;
	#item: Transfer;
	#worker: FileWorker | null = null;
	#size = -1;
	#type = '';
	#received = 0;
	#shown = 0;
	/** Before the header, any part is one too many. */
	#check = new PartCheck(0);
	#finished: (reply: Finished) => void = () => {};

	constructor(channel: RTCDataChannel, item: Transfer) {
		this.#channel = channel;
		this.#item = item;
		channel.binaryType = 'arraybuffer';
		channel.onmessage = ({ data }: MessageEvent<unknown>) => this.#onMessage(data);
		channel.onclose = () => this.#stop('cancelled');
		item.cancel = () => {
			if (!item.active) return;
			if (channel.readyState === 'open') channel.send(JSON.stringify({ t: 'cancel' }));
			this.#stop('cancelled');
		};
	}

	#onMessage(data: unknown): void {
		if (!this.#item.active) return;
		if (data instanceof ArrayBuffer) return this.#onBytes(data);
		const message = typeof data === 'string' ? parseWire(data) : null;
		if (message?.t === 'header' && this.#size < 0) {
			this.#item.name = message.name;
			this.#item.size = this.#size = message.size;
			this.#type = message.type;
			this.#check = new PartCheck(partsOf(message.size));
			this.#worker = new FileWorker((reply) => this.#onWorker(reply));
			this.#worker.post({
				op: 'open',
				root: storageRoot,
				dir: tabDirectory(),
				name: this.#item.id,
				size: message.size,
				memoryLimit: memoryLimitBytes
			});
		} else if (message?.t === 'other-header') this.#fail(message.newer ? 'newer-version' : 'version');
		else if (message?.t === 'part') this.#onPart(this.#check.sent(message.sha256));
		else if (message?.t === 'end') this.#finish().catch(() => this.#fail('storage'));
		else if (message?.t === 'cancel') this.#stop('cancelled');
	}

	#onBytes(data: ArrayBuffer): void {
		if (this.#size < 0) return this.#fail('data-before-header');
		this.#received += data.byteLength;
		if (this.#received > this.#size) return this.#fail('more-than-announced');
		this.#worker?.post({ op: 'write', data }, [data]);
		if (this.#received - this.#shown >= partSize || this.#received === this.#size) {
			this.#shown = this.#received;
			this.#item.progress(this.#received);
		}
	}

	#onWorker(reply: WorkerReply): void {
		if (reply.op === 'error') this.#fail(reply.reason);
		else if (reply.op === 'part') this.#onPart(this.#check.stored(reply.index, reply.sha256));
		else if (reply.op === 'finished') this.#finished(reply);
		else if (reply.op === 'aborted')
			removeStored(this.#item.id).catch(() => {
				// Swept at the next start.
			});
	}

	/** A part's hash from either side: a mismatch fails the file at once, and the sender stops sending. */
	#onPart(news: PartNews): void {
		if (news === 'too-many') this.#fail('protocol');
		else if (news === 'damaged') this.#damaged();
	}

	#damaged(): void {
		if (this.#item.active && this.#channel.readyState === 'open')
			this.#channel.send(JSON.stringify({ t: 'verdict', ok: false }));
		this.#stop('failed', 'damaged');
	}

	async #finish(): Promise<void> {
		if (!this.#worker) return this.#fail('protocol');
		const item = this.#item;
		item.status = 'verifying';
		const stored = await new Promise<Finished>((resolve) => {
			this.#finished = resolve;
			this.#worker?.post({ op: 'finish' });
		});
		if (!item.active) return;
		// Every part's stored hash came before 'finished'; the sender's came before its 'end'.
		const ok = stored.bytes === this.#size && this.#check.intact;
		if (ok) {
			// Offered before the verdict goes out: the sender closes the channel once it has it.
			const file = stored.blob ?? (await storedFile(item.id));
			if (!item.active) return;
			item.stored = file;
			item.url = URL.createObjectURL(
				file.type || !this.#type ? file : new Blob([file], { type: this.#type })
			);
			item.progress(stored.bytes);
			this.#worker?.terminate();
			item.end('done');
			if (this.#channel.readyState === 'open') this.#channel.send(JSON.stringify({ t: 'verdict', ok }));
		} else this.#damaged();
	}

	/** Fails for a reason of ours, and tells the sender why. */
	#fail(code: TransferErrorCode): void {
		const reason = reasonFor[code];
		if (this.#item.active && this.#channel.readyState === 'open')
			this.#channel.send(JSON.stringify(reason ? { t: 'cancel', reason } : { t: 'cancel' }));
		this.#stop('failed', code);
	}

	#stop(status: 'failed' | 'cancelled', code: TransferErrorCode | null = null): void {
		if (!this.#item.active) return;
		this.#item.end(status, code);
		// The worker closes itself after the abort: terminating it with an open access handle left later
		// transfers of this tab stuck.
		// What it stored is removed once the worker says its handle is closed ('aborted').
		this.#worker?.post({ op: 'abort' });
		// Closing right after a send: the close is ordered after the queued message on the SCTP stream.
		this.#channel.close();
	}
}
