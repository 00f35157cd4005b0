// The bench:call pages: two browsers as two devices with qrcall installed, and the app's performance marks.
import type { Browser, Page } from '@playwright/test';

/** Time left to the handshake before its marks are read (a first frame normally comes within ~1 s). */
export const settleMs = 3_000;
/** Quiet time after the service worker is ready, before the call starts (see installed()). */
export const idleMs = 1_000;

/**
 * One browser per party, like the two devices of a real call. Two pages of one browser share its fake camera,
 * and there a party idle on its code screen got its first camera frame to the encoder ~2 s late (both sides at
 * the same instant, Chromium's WebRTC log): 2.2–2.5 s to the first remote frame instead of 0.5–1.0 s.
 */
export type Devices = [Browser, Browser];

/**
 * Each party as a device with qrcall installed: in a fresh browser context the service worker precaches the
 * whole build right after the first load, on the same two cores that then measure the handshake, which a
 * device that already has the app never does. (The two browsers still share these cores, which two devices would not.)
 */
export async function installed(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	await page.waitForTimeout(idleMs);
}

export async function mark(page: Page, name: string): Promise<number> {
	const handle = await page
		.waitForFunction((n) => performance.getEntriesByName(n)[0]?.startTime ?? null, `qrcall:${name}`, {
			timeout: 30_000
		})
		.catch(async (error: unknown) => {
			const seen = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => m.name));
			throw new Error(`mark qrcall:${name} missing; page has ${seen.join(', ')}`, { cause: error });
		});
	return (await handle.jsonValue()) as number;
}
