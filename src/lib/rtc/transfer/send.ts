// The sending side of one file: header, the file's bytes in chunks the connection accepts, then its SHA-256
// (hashed in a worker segment by segment as it is sent), and the receiver's verdict.
import { drained, FileWorker, opened } from './channel';
import { peerCode } from './messages';
import type { Transfer } from './transfer.svelte';
import { header, highWater, lowWater, parseWire, readSize } from './wire';

/**
 * The receiver's answer: its verdict (true: intact), or null once it cancelled (with a reason: it failed, and
 * the item says why) or the channel closed — both end the item at once, even in the middle of sending.
 */
function verdictOf(channel: RTCDataChannel, item: Transfer): Promise<boolean | null> {
	return new Promise((resolve) => {
		channel.onmessage = ({ data }: MessageEvent<unknown>) => {
			const message = typeof data === 'string' ? parseWire(data) : null;
			if (message?.t === 'verdict') resolve(message.ok);
			if (message?.t !== 'cancel') return;
			if (message.reason) item.end('failed', peerCode[message.reason]);
			else item.end('cancelled');
			channel.close();
			resolve(null);
		};
		channel.onclose = () => {
			item.end('cancelled');
			resolve(null);
		};
	});
}

/** The SHA-256 of what was sent, hashed in a worker segment by segment as the sending goes. */
class SentHasher {
	#worker: FileWorker;
	#sha256: Promise<string>;
	#settle: (sha256: string) => void = () => {};
	#fail: (error: Error) => void = () => {};

	constructor() {
		this.#sha256 = new Promise<string>((resolve, reject) => ([this.#settle, this.#fail] = [resolve, reject]));
		// A cancelled transfer never awaits it: its rejection is expected, not unhandled.
		this.#sha256.catch(() => {});
		this.#worker = new FileWorker((r) => {
			if (r.op === 'hashed') this.#settle(r.sha256);
			else if (r.op === 'error') this.#fail(new Error(r.detail));
		});
	}

	/** Takes the buffer over (transferred, not copied): channel.send has already copied what it needs. */
	add(segment: ArrayBuffer): void {
		this.#worker.post({ op: 'update', data: segment }, [segment]);
	}

	digest(): Promise<string> {
		this.#worker.post({ op: 'digest' });
		return this.#sha256;
	}

	stop(): void {
		this.#worker.terminate();
		this.#fail(new Error('stopped'));
	}
}

/** How the bytes go: the chunk size the connection takes, and the call's link (../hold). */
export interface SendPace {
	chunk: number;
	/** Undefined while the link carries data; else resolves once it does again. */
	whenUp: () => Promise<void> | undefined;
}

/**
 * While the call's link is down the file waits, shown as paused, and goes on where it stopped: what is sent
 * into a dead link stays unacknowledged in SCTP and holds the ICE-restart offer back at the return (../hold).
 */
export function linkUp(whenUp: SendPace['whenUp'], item: Transfer): Promise<void> | undefined {
	const wait = whenUp();
	if (!wait) return undefined;
	item.paused = true;
	return wait.then(() => void (item.paused = false));
}

async function sendBytes(
	channel: RTCDataChannel,
	file: File,
	item: Transfer,
	{ chunk, whenUp }: SendPace,
	hasher: SentHasher
): Promise<boolean> {
	let sent = 0;
	for (let offset = 0; offset < file.size; offset += readSize) {
		const segment = await file.slice(offset, offset + readSize).arrayBuffer();
		const bytes = new Uint8Array(segment);
		for (let o = 0; o < bytes.byteLength; o += chunk) {
			if (channel.bufferedAmount > highWater) await drained(channel);
			const down = linkUp(whenUp, item);
			if (down) await down;
			if (!item.active || channel.readyState !== 'open') return false;
			const part = bytes.subarray(o, o + chunk);
			channel.send(part);
			sent += part.byteLength;
		}
		hasher.add(segment);
		item.progress(sent);
	}
	return true;
}

export async function sendFile(
	channel: RTCDataChannel,
	file: File,
	item: Transfer,
	pace: SendPace
): Promise<void> {
	channel.binaryType = 'arraybuffer';
	channel.bufferedAmountLowThreshold = lowWater;
	const verdict = verdictOf(channel, item);
	await opened(channel);
	if (!item.active) return;
	item.status = 'sending';
	const hasher = new SentHasher();
	try {
		channel.send(header(file));
		if (!(await sendBytes(channel, file, item, pace, hasher))) return;
		const sha256 = await hasher.digest();
		const down = linkUp(pace.whenUp, item);
		if (down) await down;
		if (!item.active || channel.readyState !== 'open') return;
		channel.send(JSON.stringify({ t: 'end', sha256 }));
		item.status = 'verifying';
		const ok = await verdict;
		if (ok === null) return;
		item.progress(file.size);
		if (ok) item.sha256 = sha256;
		item.end(ok ? 'done' : 'failed', ok ? null : 'damaged');
		channel.close();
	} finally {
		hasher.stop();
	}
}
