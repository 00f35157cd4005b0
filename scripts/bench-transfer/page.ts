// Functions that run inside the benchmark's pages (page.evaluate): they may only use what they are given.
// The bare reference is the plainest two-browser transfer: one RTCPeerConnection with the same media the app
// sends (microphone; camera at the app's 640×480@30 when `video`), one reliable ordered channel, the file
// read from an <input type=file> a slice at a time and sent with back-pressure; the receiver only counts.
// The call runs as the app's does: the other side's audio plays and its video fills the window (the app's
// 1280×720 call screen, object-fit: contain), our own camera in a corner. Drawing and playing them costs CPU
// on both sides of this 2-core machine whatever carries the file, so the reference pays it too.

declare global {
	interface Window {
		__bare?: { pc: RTCPeerConnection; channel?: RTCDataChannel; received: number; size: number };
	}
}

export const barePage = `<!doctype html><title>bare</title>
<style>
html, body { margin: 0; height: 100%; background: #000; }
#f { position: fixed; top: 0; left: 0; }
#remote { width: 100%; height: 100%; object-fit: contain; display: block; }
#self { position: fixed; right: 12px; bottom: 12px; width: 180px; aspect-ratio: 4 / 3; object-fit: cover; }
</style>
<input type="file" id="f"><video id="remote" autoplay playsinline></video>
<video id="self" autoplay playsinline muted></video>`;

/** Both sides: media like the app's, one connection; resolves when ICE gathering is complete. */
export async function bareSetup(arg: { video: boolean; offer: RTCSessionDescriptionInit | null }) {
	const stream = await navigator.mediaDevices.getUserMedia({
		audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true },
		video: arg.video ? { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 30 } } : false
	});
	const pc = new RTCPeerConnection();
	window.__qrcallPeers = [pc];
	const state: NonNullable<Window['__bare']> = { pc, received: 0, size: -1 };
	window.__bare = state;
	for (const track of stream.getTracks()) pc.addTrack(track, stream);
	pc.ontrack = ({ streams }) => {
		const remote = document.querySelector<HTMLVideoElement>('#remote');
		if (remote && streams[0]) remote.srcObject = streams[0];
	};
	const self = document.querySelector<HTMLVideoElement>('#self');
	if (self && arg.video) self.srcObject = stream;
	pc.ondatachannel = ({ channel }) => {
		channel.binaryType = 'arraybuffer';
		channel.onmessage = ({ data }: MessageEvent<ArrayBuffer | string>) => {
			if (typeof data === 'string') state.size = (JSON.parse(data) as { size: number }).size;
			else state.received += data.byteLength;
		};
	};
	if (arg.offer) await pc.setRemoteDescription(arg.offer);
	else state.channel = pc.createDataChannel('file', { ordered: true });
	await pc.setLocalDescription();
	await new Promise<void>((resolve) => {
		if (pc.iceGatheringState === 'complete') return resolve();
		pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
	});
	return { type: pc.localDescription?.type, sdp: pc.localDescription?.sdp } as RTCSessionDescriptionInit;
}

/** Caller: applies the answer and waits for the channel; gives the connection's maxMessageSize. */
export async function bareConnect(answer: RTCSessionDescriptionInit): Promise<number> {
	const state = window.__bare;
	if (!state?.channel) throw new Error('not the sending side');
	const channel = state.channel;
	await state.pc.setRemoteDescription(answer);
	if (channel.readyState !== 'open')
		await new Promise((r) => channel.addEventListener('open', r, { once: true }));
	return state.pc.sctp?.maxMessageSize ?? 0;
}

/** Sends the picked file in `chunk`-byte messages, queueing up to `high` bytes and refilling at `low`. */
export async function bareSend(arg: { chunk: number; high: number; low: number }): Promise<void> {
	const channel = window.__bare?.channel;
	const file = document.querySelector<HTMLInputElement>('#f')?.files?.[0];
	if (!channel || !file) throw new Error('no channel or no file');
	channel.bufferedAmountLowThreshold = arg.low;
	channel.send(JSON.stringify({ size: file.size }));
	const segment = 1 << 20;
	for (let offset = 0; offset < file.size; offset += segment) {
		const bytes = new Uint8Array(await file.slice(offset, offset + segment).arrayBuffer());
		for (let o = 0; o < bytes.byteLength; o += arg.chunk) {
			if (channel.bufferedAmount > arg.high)
				await new Promise((r) => channel.addEventListener('bufferedamountlow', r, { once: true }));
			channel.send(bytes.subarray(o, o + arg.chunk));
		}
	}
}

export function bareReceived(): boolean {
	const state = window.__bare;
	return !!state && state.size >= 0 && state.received >= state.size;
}
