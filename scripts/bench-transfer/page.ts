// Functions that run inside the benchmark's pages (page.evaluate): they may only use what they are given.
// The bare reference is the plainest two-browser transfer: one RTCPeerConnection with the same media the app
// sends (microphone; camera at the app's 640×480@30 when `video`), one reliable ordered channel, the file
// read from an <input type=file> a slice at a time and sent with back-pressure; the receiver only counts.

declare global {
	interface Window {
		__qrcallPeers?: RTCPeerConnection[];
		__bare?: { pc: RTCPeerConnection; channel?: RTCDataChannel; received: number; size: number };
		__frames?: { at: number; frames: number }[];
		__framesTimer?: ReturnType<typeof setInterval>;
	}
}

export const barePage =
	'<!doctype html><title>bare</title><input type="file" id="f"><video autoplay muted playsinline></video>';

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
		const video = document.querySelector('video');
		if (video && streams[0]) video.srcObject = streams[0];
	};
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

/** Receiver: samples decoded video frames every 100 ms (in the page: no round-trip jitter). */
export function framesStart(): void {
	const samples: { at: number; frames: number }[] = [];
	window.__frames = samples;
	// No named inner functions here: the bundler that runs this script would wrap them in a helper the page lacks.
	window.__framesTimer = setInterval(async () => {
		let frames = 0;
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
				if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
			});
		}
		samples.push({ at: performance.now(), frames });
	}, 100);
}

/** Stops sampling: frames decoded meanwhile and the longest stretch without a new frame (ms). */
export function framesStop(): { frames: number; longestFreezeMs: number } {
	clearInterval(window.__framesTimer);
	const samples = window.__frames ?? [];
	let longest = 0;
	let lastChange = samples[0]?.at ?? 0;
	for (let i = 1; i < samples.length; i++) {
		const [previous, current] = [samples[i - 1], samples[i]];
		if (!previous || !current) continue;
		if (current.frames > previous.frames) lastChange = current.at;
		longest = Math.max(longest, current.at - lastChange);
	}
	const frames = (samples.at(-1)?.frames ?? 0) - (samples[0]?.frames ?? 0);
	return { frames, longestFreezeMs: Math.round(longest) };
}
