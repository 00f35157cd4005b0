import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { film, seeded, type Degradation } from '../unit/qr-camera';
import { parseQrSvg } from '../unit/qr-svg';
import { appOrigin, chromiumArgs, chromiumPath } from './browsers';
import { expectConnected, observePeers, pasteCode, readMyCode } from './call-helpers';
import { writeFramesY4m } from './fake-camera';
import { expect, test } from './fixtures';

/**
 * A dim room: the screen's code filmed at low contrast (light modules at luma 180, dark at 145) under fresh
 * sensor noise each frame. jsQR alone reads none of these frames as they are (its binarizer wants a 24-level
 * range per 8×8 block); ZXing-C++ does, and so do the jsQR-alone scanner's contrast-stretched frames
 * (tests/unit/qr-ladder.test.ts measures how often).
 */
const DIM_ROOM: Degradation = { light: 180, dark: 145, noise: 6 };
/** Frames in the looping clip (2 s at 15 fps), each with its own noise. */
const CLIP_FRAMES = 30;

/** What the scanner marked: the decoder that read the code, and why ZXing was not in use (if it was not). */
async function decodersUsed(page: Page) {
	return page.evaluate(() => ({
		via: (performance.getEntriesByName('qrcall:scan-code')[0] as PerformanceMark | undefined)?.detail?.via,
		jsQrOnly: (performance.getEntriesByName('qrcall:scan-jsqr-only')[0] as PerformanceMark | undefined)
			?.detail
	}));
}

/**
 * The caller shows its code; a second browser films it in a dim room, scans it (with `beforeScan` applied to
 * its context), answers, and the call connects. Returns the decoders the joiner's scanner used.
 */
async function scanDimCode(caller: Page, beforeScan: (context: BrowserContext) => Promise<void>) {
	await caller.addInitScript(observePeers);
	await caller.goto('/');
	await caller.getByRole('button', { name: 'Start a call' }).click();
	const qr = parseQrSvg(
		await caller.getByRole('img', { name: 'QR code of your call code' }).evaluate((svg) => svg.outerHTML)
	);
	const random = seeded(14);
	const frames = Array.from({ length: CLIP_FRAMES }, () =>
		film(qr, { width: 640, height: 480, codeSide: 300, dx: 0, dy: 0, angle: 0.03 }, DIM_ROOM, random)
	);
	const dir = await mkdtemp(join(tmpdir(), 'qrcall-dim-'));
	const browser = await chromium.launch({
		executablePath: chromiumPath,
		args: chromiumArgs(await writeFramesY4m(frames, join(dir, 'dim.y4m')))
	});
	try {
		const context = await browser.newContext({ baseURL: appOrigin });
		await beforeScan(context);
		const joiner = await context.newPage();
		await joiner.addInitScript(observePeers);
		await joiner.goto('/');
		await joiner.getByRole('button', { name: 'Join a call' }).click();
		await joiner.getByRole('button', { name: 'Scan a code' }).click();
		await expect(joiner.getByRole('heading', { name: 'Call code read' })).toBeVisible({ timeout: 30_000 });
		const used = await decodersUsed(joiner);
		await joiner.getByRole('button', { name: 'Answer' }).click();
		await pasteCode(caller, await readMyCode(joiner));
		await expectConnected(caller);
		await expectConnected(joiner);
		return used;
	} finally {
		await browser.close();
		await rm(dir, { recursive: true, force: true });
	}
}

test('the scanner reads a real offer through a noisy, low-contrast camera, and the call connects', async ({
	page: caller
}) => {
	test.slow(); // a second browser instance with its own fake camera, on a loaded 2-core machine
	// ZXing-C++ from the app's own build read it.
	expect(await scanDimCode(caller, async () => {})).toEqual({ via: 'zxing', jsQrOnly: undefined });
});

test('without its wasm (offline before it was cached), the scanner reads the same code with jsQR alone', async ({
	page: caller
}) => {
	test.slow();
	const used = await scanDimCode(caller, async (context) => {
		await context.route('**/*.wasm', (route) => route.abort());
	});
	expect(used).toEqual({ via: 'jsqr', jsQrOnly: 'Failed to fetch' });
});
