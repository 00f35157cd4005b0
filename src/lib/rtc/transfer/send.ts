// The sending side of one file: header, the file's bytes in chunks the connection accepts with each part's
// SHA-256 after its bytes (the browser's native digest, hashed while the chunks go), and the receiver's verdict.
import { drained, opened } from './channel';
import { peerCode } from './messages';
import type { Transfer } from './transfer.svelte';
import { header, highWater, lowWater, parseWire, partMessage, partSha256, partSize } from './wire';

/**
 * The receiver's answer: true once it has the whole file intact; null once it found a part damaged, cancelled
 * (with a reason: it failed, and the item says why) or the channel closed — each ends the item at once, even
 * in the middle of sending.
 */
function verdictOf(channel: RTCDataChannel, item: Transfer): Promise<true | null> {
	return new Promise((resolve) => {
		channel.onmessage = ({ data }: MessageEvent<unknown>) => {
			const message = typeof data === 'string' ? parseWire(data) : null;
			if (message?.t === 'verdict' && message.ok) return resolve(true);
			if (message?.t === 'verdict') item.end('failed', 'damaged');
			else if (message?.t === 'cancel' && message.reason) item.end('failed', peerCode[message.reason]);
			else if (message?.t === 'cancel') item.end('cancelled');
			else return;
			channel.close();
			resolve(null);
		};
		channel.onclose = () => {
			item.end('cancelled');
			resolve(null);
		};
	});
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
	{ chunk, whenUp }: SendPace
): Promise<boolean> {
	let sent = 0;
	for (let offset = 0; offset < file.size; offset += partSize) {
		const part = await file.slice(offset, offset + partSize).arrayBuffer();
		// Copied at the call and hashed off the main thread while the chunks go out.
		const sha256 = partSha256(part);
		const bytes = new Uint8Array(part);
		for (let o = 0; o < bytes.byteLength; o += chunk) {
			if (channel.bufferedAmount > highWater) await drained(channel);
			const down = linkUp(whenUp, item);
			if (down) await down;
			if (!item.active || channel.readyState !== 'open') return false;
			const piece = bytes.subarray(o, o + chunk);
			channel.send(piece);
			sent += piece.byteLength;
		}
		const message = partMessage(await sha256);
		const down = linkUp(whenUp, item);
		if (down) await down;
		if (!item.active || channel.readyState !== 'open') return false;
		channel.send(message);
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
	channel.send(header(file));
	if (!(await sendBytes(channel, file, item, pace))) return;
	const down = linkUp(pace.whenUp, item);
	if (down) await down;
	if (!item.active || channel.readyState !== 'open') return;
	channel.send(JSON.stringify({ t: 'end' }));
	item.status = 'verifying';
	if ((await verdict) === null) return;
	item.progress(file.size);
	item.end('done');
	channel.close();
}
