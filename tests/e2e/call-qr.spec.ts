import { chromium } from '@playwright/test';
import { expect, test, type Browser, type Page } from './fixtures';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appOrigin, chromiumArgs, chromiumPath } from './browsers';
import { expectConnected, expectMediaFlowing, observePeers, startCall, twoDevices } from './call-helpers';
import { makeFakeCameraY4m, pngToY4m } from './fake-camera';

/**
 * Turns a screenshot of the app's own QR code into a fake-camera clip of the same byte size as `y4m`,
 * written in place: Chromium keeps the clip open and loops it, so the camera then shows the new QR.
 */
async function showOnCamera(png: string, y4m: string): Promise<void> {
	const next = `${y4m}.next.y4m`;
	await pngToY4m(png, next);
	await copyFile(next, y4m);
}

async function launchWithCamera(y4m: string): Promise<{ browser: Browser; page: Page }> {
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs(y4m) });
	const context = await browser.newContext({ baseURL: appOrigin });
	const page = await context.newPage();
	await page.addInitScript(observePeers);
	await page.goto('/');
	return { browser, page };
}

async function screenshotQr(page: Page, path: string): Promise<void> {
	await page.getByRole('img', { name: 'QR code of your call code' }).screenshot({ path });
}

test('a call connects through QR codes alone: each camera sees the other screen, nothing is pasted', async () => {
	// Two browser instances, two fake cameras and ffmpeg: slow on a loaded 2-core CI machine.
	test.slow();
	const dir = await mkdtemp(join(tmpdir(), 'qrcall-qr-'));
	const callerCam = join(dir, 'caller.y4m');
	const joinerCam = join(dir, 'joiner.y4m');
	// Placeholders of the final size; the caller's camera only gets the answer once there is one.
	await makeFakeCameraY4m('QRCALL TEST PLACEHOLDER', callerCam);
	await makeFakeCameraY4m('QRCALL TEST PLACEHOLDER', joinerCam);
	const caller = await launchWithCamera(callerCam);
	let joiner: { browser: Browser; page: Page } | undefined;
	try {
		await caller.page.getByRole('button', { name: 'Start a call' }).click();
		await screenshotQr(caller.page, join(dir, 'offer.png'));
		await showOnCamera(join(dir, 'offer.png'), joinerCam);

		joiner = await launchWithCamera(joinerCam);
		await joiner.page.getByRole('button', { name: 'Join a call' }).click();
		await joiner.page.getByRole('button', { name: 'Scan a code' }).click();
		await expect(joiner.page.getByRole('heading', { name: 'Call code read' })).toBeVisible({
			timeout: 60_000
		});
		await joiner.page.getByRole('button', { name: 'Answer' }).click();
		await screenshotQr(joiner.page, join(dir, 'answer.png'));
		await showOnCamera(join(dir, 'answer.png'), callerCam);

		await caller.page.getByRole('button', { name: 'Scan a code' }).click();
		await expectConnected(caller.page);
		await expectConnected(joiner.page);
		await expectMediaFlowing(caller.page);
		await expectMediaFlowing(joiner.page);
		await expect(caller.page.getByRole('textbox', { name: 'Paste a code' })).toHaveCount(0);
	} finally {
		await joiner?.browser.close();
		await caller.browser.close();
		await rm(dir, { recursive: true, force: true });
	}
});

test('a scanner gets the camera while another tab of the browser shows its call code, where no self view is', async ({
	browser
}) => {
	// Two contexts of one browser share its camera. The caller's screen with its code shows no self view, so
	// only LocalMedia's own consumer keeps Chromium from suspending that camera for every page
	// (src/lib/media/track-slots.svelte.ts); a suspension comes seconds after the last consumer goes.
	const { caller, joiner } = await twoDevices(browser);
	await expect(caller.getByRole('button', { name: 'Mute microphone' })).toBeVisible({ timeout: 15_000 });
	await startCall(caller);
	await caller.waitForTimeout(3_000);
	await joiner.getByRole('button', { name: 'Join a call' }).click();
	await joiner.getByRole('button', { name: 'Scan a code' }).click();
	await expect(joiner.getByText('Point the camera at the QR code.')).toBeVisible({ timeout: 15_000 });
});
