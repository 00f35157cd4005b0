// What the other side sees, frame by frame: requestVideoFrameCallback on its remote <video> records when each
// new frame was presented, so a freeze is the longest gap between two frames (getStats sampled every 250 ms
// could not resolve a 300 ms bound).
import type { Page } from '@playwright/test';

declare global {
	interface Window {
		__qrcallFrames?: number[];
		__qrcallPeers?: RTCPeerConnection[];
		__decodedSamples?: { at: number; frames: number }[];
		__decodedTimer?: ReturnType<typeof setInterval>;
	}
}

/** Starts recording the presentation time (page clock, ms) of every frame of the remote video. */
export async function recordFrames(page: Page): Promise<void> {
	await page.locator('video.remote-video').evaluate((video: HTMLVideoElement) => {
		const times: number[] = [];
		window.__qrcallFrames = times;
		const onFrame: VideoFrameRequestCallback = (_now, frame) => {
			times.push(frame.presentationTime);
			video.requestVideoFrameCallback(onFrame);
		};
		video.requestVideoFrameCallback(onFrame);
	});
}

/** The page clock now (ms), to mark the start and end of what is measured. */
export function pageNow(page: Page): Promise<number> {
	return page.evaluate(() => performance.now());
}

/** Frames recorded between `from` and `to` (page clock), and the longest gap between two of them (ms). */
export async function longestGap(
	page: Page,
	from: number,
	to: number
): Promise<{ frames: number; longestMs: number }> {
	const times = await page.evaluate(() => window.__qrcallFrames ?? []);
	// The frame before `from` bounds the first gap: a freeze already under way when measuring starts counts.
	const inside = times.filter((t) => t >= from && t <= to);
	const before = times.filter((t) => t < from).at(-1);
	const edges = [before ?? from, ...inside, to];
	let longest = 0;
	for (let i = 1; i < edges.length; i++) longest = Math.max(longest, (edges[i] ?? 0) - (edges[i - 1] ?? 0));
	return { frames: inside.length, longestMs: Math.round(longest) };
}

// Decoded frames from getStats, for pages without the app's remote <video> (bench:transfer's bare page) and
// for freezes measured over a whole transfer. The functions run in the page: no named inner functions (the
// bundler that runs the benchmarks would wrap them in a helper the page lacks).

/** Video frames decoded so far by every connection the page keeps in window.__qrcallPeers. */
export function decodedFrames(page: Page): Promise<number> {
	return page.evaluate(async () => {
		let frames = 0;
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
				if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
			});
		}
		return frames;
	});
}

/** (Re)starts counting decoded frames every `everyMs` inside the page (no round-trip jitter). */
export async function sampleDecodedFrames(page: Page, everyMs: number): Promise<void> {
	await page.evaluate((every) => {
		clearInterval(window.__decodedTimer);
		const samples: { at: number; frames: number }[] = [];
		window.__decodedSamples = samples;
		window.__decodedTimer = setInterval(async () => {
			let frames = 0;
			for (const pc of window.__qrcallPeers ?? []) {
				if (pc.connectionState === 'closed') continue;
				(await pc.getStats()).forEach((s: { type: string; kind?: string; framesDecoded?: number }) => {
					if (s.type === 'inbound-rtp' && s.kind === 'video') frames += s.framesDecoded ?? 0;
				});
			}
			samples.push({ at: performance.now(), frames });
		}, every);
	}, everyMs);
}

/**
 * Since sampleDecodedFrames: frames decoded, and the longest stretch (ms) without a new one. `stop` ends the
 * sampling.
 */
export function decodedFreeze(page: Page, stop = false): Promise<{ frames: number; longestMs: number }> {
	return page.evaluate((end) => {
		if (end) clearInterval(window.__decodedTimer);
		const samples = window.__decodedSamples ?? [];
		let longest = 0;
		let lastChange = samples[0]?.at ?? 0;
		for (let i = 1; i < samples.length; i++) {
			const [previous, current] = [samples[i - 1], samples[i]];
			if (!previous || !current) continue;
			if (current.frames > previous.frames) lastChange = current.at;
			longest = Math.max(longest, current.at - lastChange);
		}
		const frames = (samples.at(-1)?.frames ?? 0) - (samples[0]?.frames ?? 0);
		return { frames, longestMs: Math.round(longest) };
	}, stop);
}
