import { chromium } from '@playwright/test';
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
 * sensor noise each frame. jsQR alone reads none of these frames (its binarizer wants a 24-level range per 8×8
 * block); the scanner's contrast-stretched frames do (tests/unit/qr-ladder.test.ts measures how often).
 */
const DIM_ROOM: Degradation = { light: 180, dark: 145, noise: 6 };
/** Frames in the looping clip (2 s at 15 fps), each with its own noise. */
const CLIP_FRAMES = 30;

test('the scanner reads a real offer through a noisy, low-contrast camera, and the call connects', async ({
	page: caller
}) => {
	test.slow(); // a second browser instance with its own fake camera, on a loaded 2-core machine
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
		const joiner = await (await browser.newContext({ baseURL: appOrigin })).newPage();
		await joiner.addInitScript(observePeers);
		await joiner.goto('/');
		await joiner.getByRole('button', { name: 'Join a call' }).click();
		await joiner.getByRole('button', { name: 'Scan a code' }).click();
		await expect(joiner.getByRole('heading', { name: 'Call code read' })).toBeVisible({ timeout: 30_000 });
		await joiner.getByRole('button', { name: 'Answer' }).click();
		await pasteCode(caller, await readMyCode(joiner));
		await expectConnected(caller);
		await expectConnected(joiner);
	} finally {
		await browser.close();
		await rm(dir, { recursive: true, force: true });
	}
});
