// Group calls through the real UI (issue 17): People → Add someone, the newcomer's answer pasted back, and
// checks that every tile of a page's grid decodes video and every connection receives audio.
import { writeFileSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import { chromiumArgs, chromiumPath } from './browsers';
import {
	answerCall,
	expectConnected,
	expectVideoDecoding,
	openApp,
	pasteCode,
	readMyCode,
	startCall
} from './call-helpers';

/** A small window: several pages decode and encode video on a shared 2-core machine. */
export const groupViewport = { width: 640, height: 480 };

/**
 * A Chromium of its own whose fake camera sends 5 frames a second: a mesh of six pages encodes and decodes 30
 * videos, which at the default 30 fps saturates a 2-core machine before the test has begun.
 */
export function launchSlowCamera(): Promise<Browser> {
	const args = chromiumArgs().map((arg) =>
		arg === '--use-fake-device-for-media-stream' ? '--use-fake-device-for-media-stream=fps=5' : arg
	);
	return chromium.launch({ executablePath: chromiumPath, args });
}

export async function openPeople(page: Page): Promise<void> {
	const button = page.getByRole('button', { name: 'People', exact: true });
	if ((await button.getAttribute('aria-pressed')) !== 'true') await button.click();
}

export async function closePeople(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Close People' }).click();
}

/** People → Add someone: the newcomer's code, as the adder shows it. */
export async function startAdding(adder: Page): Promise<string> {
	await openPeople(adder);
	await adder.getByRole('button', { name: 'Add someone' }).click();
	return readMyCode(adder);
}

/** The adder reads the newcomer's answer (pasted into the People panel). */
export async function finishAdding(adder: Page, answer: string): Promise<void> {
	await pasteCode(adder, answer);
}

/** `adder` adds `newcomer` (a fresh page, or one already on the home screen) through People → Add someone; returns once the newcomer is connected. */
export async function addSomeone(adder: Page, newcomer: Page): Promise<void> {
	const code = await startAdding(adder);
	if (newcomer.url() === 'about:blank') await openApp(newcomer);
	const answer = await answerCall(newcomer, code);
	await finishAdding(adder, answer);
	await expectConnected(newcomer);
	await closePeople(adder);
}

/** The number of people the page's People panel counts in the call (itself included). */
export async function rosterSize(page: Page): Promise<number> {
	// Not (or no longer) in a call: no People button to wait for, which a poll must see at once.
	if ((await page.getByRole('button', { name: 'People', exact: true }).count()) === 0) return -1;
	await openPeople(page);
	const text = (await page.getByRole('heading', { name: /^In this call/ }).textContent()) ?? '';
	return Number(/\((\d+)\)/.exec(text)?.[1] ?? NaN);
}

/** The names of the members as the page's People panel lists them, itself first. */
export async function rosterNames(page: Page): Promise<string[]> {
	await openPeople(page);
	return page.locator('.members li strong').allTextContents();
}

/** Every tile of the grid decodes video (frames advancing) and every open connection receives audio. */
export async function expectGroupFlowing(page: Page, others: number): Promise<void> {
	const videos = page.getByTestId('group-grid').locator('video.tile-video');
	await expect(videos).toHaveCount(others, { timeout: 20_000 });
	for (let i = 0; i < others; i++) await expectVideoDecoding(videos.nth(i), { sizeMs: 20_000 });
	await expect
		.poll(() => audioPerConnection(page), { timeout: 15_000 })
		.toEqual(Array.from({ length: others }, () => true));
}

/** For each connected RTCPeerConnection of the page: more than 10 audio packets received. */
function audioPerConnection(page: Page): Promise<boolean[]> {
	return page.evaluate(async () => {
		const result: boolean[] = [];
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState !== 'connected') continue;
			let packets = 0;
			(await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
				if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
			});
			result.push(packets > 10);
		}
		return result;
	});
}

/** Open connections of the page (RTCPeerConnection 'connected'). */
export function connectedPeers(page: Page): Promise<number> {
	return page.evaluate(
		() => (window.__qrcallPeers ?? []).filter((pc) => pc.connectionState === 'connected').length
	);
}

export async function setName(page: Page, name: string): Promise<void> {
	await openPeople(page);
	// Enter submits the People panel's own form (the one-time name prompt may show a Save of its own).
	await page.getByRole('textbox', { name: 'Your name' }).fill(name);
	await page.getByRole('textbox', { name: 'Your name' }).press('Enter');
	await expect(page.getByText('Saved on this device.')).toBeVisible();
	await closePeople(page);
}

/**
 * A device on the home screen with "Audio only" ticked, for the specs about people rather than pixels: seven
 * pages of one 2-core machine sending video to each other starved the introductions of the sixth member past
 * their 20 s deadline (load average ~45, even with the camera at 5 frames a second).
 */
export async function newDevice(browser: Browser, errors: string[], name?: string): Promise<Page> {
	const page = await (await browser.newContext({ viewport: groupViewport })).newPage();
	page.on('pageerror', (error) => errors.push(error.stack ?? error.message));
	// "Your name" as stored on the device by an earlier call.
	if (name) await page.addInitScript((n) => localStorage.setItem('qrcall.name', n), name);
	await openApp(page);
	await page.getByRole('checkbox', { name: 'Audio only' }).check();
	return page;
}

/** Polls every page at once, so that a failure shows which member is behind. */
export async function expectEveryone(pages: Page[], read: (page: Page) => Promise<number>, wanted: number) {
	await expect.poll(() => Promise.all(pages.map(read)), { timeout: 60_000 }).toEqual(pages.map(() => wanted));
}

/** Two audio-only devices in a 1:1 call, made through the UI as today (A calls, B answers). */
export async function twoInCall(browser: Browser, errors: string[]): Promise<[Page, Page]> {
	const a = await newDevice(browser, errors);
	const b = await newDevice(browser, errors);
	const offer = await startCall(a);
	await pasteCode(a, await answerCall(b, offer));
	await expectConnected(a);
	await expectConnected(b);
	return [a, b];
}

/** Saves a screenshot of every page of the browser into the test's output, then rethrows. */
export async function screenshotAll(browser: Browser, error: unknown): Promise<never> {
	const pages = browser.contexts().flatMap((context) => context.pages());
	for (const [i, page] of pages.entries())
		await page.screenshot({ path: test.info().outputPath(`page-${i}.png`) }).catch(() => undefined);
	throw error;
}

/**
 * The selected candidate pair's two ends, as `page`'s Details panel shows them for its connection with `who`
 * (picked by name): "host · 10.0.0.2:50123 · udp".
 */
export async function pathWith(page: Page, who: string): Promise<{ you: string; them: string }> {
	await page.getByRole('button', { name: 'Details' }).click();
	await page.getByRole('combobox', { name: 'Connection with' }).selectOption({ label: who });
	const you = page.getByTestId('local-candidate');
	const them = page.getByTestId('remote-candidate');
	await expect(them).toHaveText(/^\w+ · .+:\d+ · \w+$/, { timeout: 10_000 });
	const path = { you: (await you.textContent()) ?? '', them: (await them.textContent()) ?? '' };
	await page.getByRole('button', { name: 'Close Connection details' }).click();
	return path;
}

/** Sends a small file from `page` to `who` (a member's name, or "Everyone"), picked in the Files panel's "Send to". */
export async function sendFileTo(page: Page, who: string, path: string): Promise<void> {
	writeFileSync(path, `for ${who}\n`);
	await page.getByRole('button', { name: 'Files' }).click();
	await page.getByRole('combobox', { name: 'Send to' }).selectOption({ label: who });
	await page.getByLabel('Send files').setInputFiles(path);
	await page.getByRole('button', { name: 'Close Files' }).click();
}
