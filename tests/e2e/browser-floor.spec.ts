// A browser below qrcall's floor (README "Browsers") must see what to do, not a blank page or a half-working
// app. Chromium stands in for an old Safari: an init script deletes one feature of the floor before any page
// script runs, which is what static/browser-check.js feature-detects.
import { expect, test, type Page } from './fixtures';
import { openApp } from './call-helpers';

const removals: Record<string, string> = {
	'crypto.randomUUID': 'delete Crypto.prototype.randomUUID',
	'AbortSignal.throwIfAborted': 'delete AbortSignal.prototype.throwIfAborted',
	'Array.prototype.at': 'delete Array.prototype.at'
};

/** Counts camera/microphone requests: an unsupported browser must not be asked for the camera at all. */
function countMediaRequests(): void {
	const w = window as unknown as { __mediaRequests: number };
	w.__mediaRequests = 0;
	const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
	navigator.mediaDevices.getUserMedia = (constraints) => {
		w.__mediaRequests++;
		return original(constraints);
	};
}

const mediaRequests = (page: Page) =>
	page.evaluate(() => (window as unknown as { __mediaRequests: number }).__mediaRequests);

for (const [feature, removal] of Object.entries(removals)) {
	test(`a browser without ${feature} is told to update, and the app does not start`, async ({ page }) => {
		await page.addInitScript(removal);
		await page.addInitScript(countMediaRequests);
		await openApp(page);
		await expect(
			page.getByRole('heading', { level: 1, name: 'This browser is too old for qrcall' })
		).toBeVisible();
		await expect(
			page.getByText(/^qrcall needs Safari 16\.4 or newer \(iPhone and iPad: iOS 16\.4\)/)
		).toBeVisible();
		await expect(page.getByText(/^Update the browser \(iPhone and iPad: Settings → General/)).toBeVisible();
		await expect(page.getByText(`Missing here: ${feature}.`, { exact: true })).toBeVisible();
		await expect(page).toHaveTitle('qrcall — this browser is too old');
		// Give the app every chance to start (its modules load and mount after the check), then check it did not.
		await page.waitForLoadState('networkidle');
		await expect(page.getByRole('button', { name: 'Start a call' })).toHaveCount(0);
		expect(await mediaRequests(page)).toBe(0);
	});
}

test('a browser at the floor gets the app and no message', async ({ page }) => {
	await page.addInitScript(countMediaRequests);
	await openApp(page);
	await expect(page.getByRole('button', { name: 'Start a call' })).toBeVisible();
	await expect(page.getByText('This browser is too old for qrcall')).toHaveCount(0);
	await expect.poll(() => mediaRequests(page)).toBeGreaterThan(0);
});

test('the message fits a phone and a laptop screen', async ({ page }) => {
	await page.addInitScript(removals['crypto.randomUUID'] ?? '');
	for (const size of [
		{ width: 390, height: 844 },
		{ width: 1280, height: 720 }
	]) {
		await page.setViewportSize(size);
		await openApp(page);
		const message = page.locator('#qrcall-unsupported');
		await expect(message).toBeVisible();
		const box = await message.boundingBox();
		expect(box && box.x >= 0 && box.x + box.width <= size.width && box.y + box.height <= size.height).toBe(
			true
		);
		await page.screenshot({ path: test.info().outputPath(`unsupported-${size.width}.png`) });
	}
});

test('the message speaks the device language: German, and Arabic right to left with the names kept left to right', async ({
	browser
}) => {
	for (const [locale, lang, dir, heading, missing] of [
		['de-DE', 'de', 'ltr', 'Dieser Browser ist zu alt für qrcall', 'Hier fehlt: crypto.randomUUID.'],
		['ar-EG', 'ar', 'rtl', 'هذا المتصفح أقدم من أن يشغّل qrcall', 'غير متوفر هنا: crypto.randomUUID.']
	] as const) {
		const page = await (await browser.newContext({ locale })).newPage();
		await page.addInitScript(removals['crypto.randomUUID'] ?? '');
		// A browser this old may not even run the app's modules (which set <html lang dir> too): SvelteKit's
		// entry modules are replaced by ones that start nothing, so all on screen is browser-check.js's doing.
		await page.route('**/_app/immutable/entry/**', (route) =>
			route.fulfill({ contentType: 'text/javascript', body: 'export function start() {}' })
		);
		await openApp(page);
		await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
		await expect(page.locator('html')).toHaveAttribute('lang', lang);
		await expect(page.locator('html')).toHaveAttribute('dir', dir);
		await expect(page.getByText(missing, { exact: true })).toBeVisible();
		await expect(page.locator('#qrcall-unsupported bdi')).toHaveAttribute('dir', 'ltr');
		await page.screenshot({ path: test.info().outputPath(`unsupported-${lang}.png`) });
	}
});
