// Small promises over an RTCDataChannel's events, and the worker each received file is stored and hashed with.
import type { WorkerReply, WorkerRequest } from './worker-protocol';

export const opened = (channel: RTCDataChannel) =>
	new Promise<void>((resolve, reject) => {
		if (channel.readyState === 'open') return resolve();
		channel.addEventListener('open', () => resolve(), { once: true });
		channel.addEventListener('close', () => reject(new Error('channel closed')), { once: true });
	});

export const drained = (channel: RTCDataChannel) =>
	new Promise<void>((resolve) => {
		const done = () => {
			channel.removeEventListener('bufferedamountlow', done);
			channel.removeEventListener('close', done);
			resolve();
		};
		channel.addEventListener('bufferedamountlow', done);
		channel.addEventListener('close', done);
	});

/** One worker per file received: storing and hashing it off the main thread. */
export class FileWorker {
	#worker = new Worker(new URL('./file.worker.ts', import.meta.url), { type: 'module', name: 'qrcall-file' });

	constructor(onReply: (reply: WorkerReply) => void) {
		this.#worker.onmessage = ({ data }: MessageEvent<WorkerReply>) => onReply(data);
		this.#worker.onerror = (event) => {
			event.preventDefault();
			onReply({ op: 'error', reason: 'storage', detail: event.message });
		};
	}

	post(request: WorkerRequest, transfer: Transferable[] = []): void {
		this.#worker.postMessage(request, transfer);
	}

	terminate(): void {
		this.#worker.terminate();
	}
}
