// What the other side sees, frame by frame: requestVideoFrameCallback on its remote <video> records when each
// new frame was presented, so a freeze is the longest gap between two frames (getStats sampled every 250 ms
// could not resolve a 300 ms bound).
import type { Page } from '@playwright/test';

declare global {
	interface Window {
		__qrcallFrames?: number[];
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
