// A whole call through the UI in German and in Arabic (issue 16), each device set to that language the way a
// phone is (its locale), at phone size (390×844): every screen and panel is screenshotted (test-results/), must
// have no text overflowing its box and no axe violation. Arabic runs right to left: <html dir="rtl">, the
// layout mirrored, the QR code and the videos not. In the Arabic call, the caller switches to German from the
// call's Devices panel mid-call: the words change, the call does not.
import AxeBuilder from '@axe-core/playwright';
import { expectMediaFlowing, twoDevices } from './call-helpers';
import { expect, test, type Page } from './fixtures';
import { callThrough, expectConnectedIn, overflowing, words, type Words } from './i18n-helpers';

const phone = { width: 390, height: 844 };

/**
 * Screenshot, overflow and axe. axe takes seconds a screen on a loaded machine: the panels (checked by axe
 * in English in a11y.spec.ts) get it in German and Arabic with QRCALL_LONG=1 only.
 */
async function checkScreen(page: Page, lang: string, screen: string, axe = true): Promise<void> {
	await page.screenshot({ path: test.info().outputPath(`${lang}-${screen}.png`) });
	expect.soft(await overflowing(page), `text overflowing its box, ${lang} ${screen}`).toEqual([]);
	if (!axe && process.env.QRCALL_LONG !== '1') return;
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
		.analyze();
	const found = violations.map(
		(v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`
	);
	expect.soft(found, `axe, ${lang} ${screen}`).toEqual([]);
}

async function expectDocumentLanguage(page: Page, lang: string, dir: 'ltr' | 'rtl'): Promise<void> {
	await expect(page.locator('html')).toHaveAttribute('lang', lang);
	await expect(page.locator('html')).toHaveAttribute('dir', dir);
}

/** Left edges of two elements on screen: in a mirrored layout the first of a row sits on the right. */
async function leftOf(page: Page, first: string, second: string): Promise<boolean> {
	const [a, b] = await Promise.all(
		[first, second].map(
			async (name) => (await page.getByRole('button', { name, exact: true }).boundingBox())?.x
		)
	);
	if (a === undefined || b === undefined) throw new Error(`${first} or ${second} is not on screen`);
	return a < b;
}

/** Neither the QR code nor a video is ever flipped, whatever the direction. */
async function notMirrored(page: Page, selector: string): Promise<void> {
	const transforms = await page
		.locator(selector)
		.evaluateAll((els) => els.map((el) => getComputedStyle(el).transform));
	for (const transform of transforms) expect(transform, `${selector} flipped`).not.toMatch(/^matrix\(-1/);
}

async function checkPanels(caller: Page, lang: string, t: Words): Promise<void> {
	for (const [button, title] of [
		['panel_chat', 'panel_chat'],
		['controls_details', 'panel_details'],
		['panel_files', 'panel_files'],
		['panel_devices', 'panel_devices']
	] as const) {
		await caller.getByRole('button', { name: t(button) }).click();
		await expect(caller.getByRole('heading', { name: t(title), exact: true })).toBeVisible();
		await checkScreen(caller, lang, `call-${title}`, false);
		await caller.getByRole('button', { name: `${t('close')} ${t(title)}` }).click();
	}
}

test('German: a whole call through the UI at phone size, no text overflowing, axe clean', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const t = words('de');
	const { caller, joiner } = await twoDevices(browser, { locale: 'de-DE', viewport: phone });
	await expect(caller.getByRole('button', { name: t('mic_mute') })).toBeVisible({ timeout: 15_000 });
	await expectDocumentLanguage(caller, 'de', 'ltr');
	await checkScreen(caller, 'de', 'home');
	expect(await leftOf(caller, t('start_call'), t('join_call')), 'Start left of Join').toBe(true);

	await callThrough(caller, joiner, t, (page, screen) => checkScreen(page, 'de', screen));
	await checkScreen(caller, 'de', 'call');
	await checkPanels(caller, 'de', t);
	await joiner.getByRole('button', { name: t('controls_hang_up') }).click();
	await expect(joiner.getByRole('heading', { name: t('title_call_ended') })).toBeVisible();
	await expect(caller.getByText(t('ended_remote_hangup'))).toBeVisible({ timeout: 15_000 });
	await checkScreen(caller, 'de', 'ended');
});

test('Arabic: a whole call right to left, mirrored but for the QR code and videos; German picked mid-call leaves the call as it was', async ({
	browser
}) => {
	test.setTimeout(150_000);
	const t = words('ar');
	const { caller, joiner } = await twoDevices(browser, { locale: 'ar-EG', viewport: phone });
	await expect(caller.getByRole('button', { name: t('mic_mute') })).toBeVisible({ timeout: 15_000 });
	await expectDocumentLanguage(caller, 'ar', 'rtl');
	await checkScreen(caller, 'ar', 'home');
	expect(await leftOf(caller, t('start_call'), t('join_call')), 'Start right of Join').toBe(false);

	await callThrough(caller, joiner, t, async (page, screen) => {
		await checkScreen(page, 'ar', screen);
		if (screen === 'start') await notMirrored(page, '.qr, .qr *');
	});
	await checkScreen(caller, 'ar', 'call');
	// The self-view is a mirror in every language (a selfie); the other side's video never is.
	await notMirrored(caller, 'video.remote-video');
	// The corners mirror: the state at the top right, our own picture at the bottom left.
	const status = await caller.locator('.status').boundingBox();
	const self = await caller.locator('video.self').boundingBox();
	expect(status && status.x + status.width / 2 > phone.width / 2, 'state on the right').toBe(true);
	expect(self && self.x + self.width / 2 < phone.width / 2, 'self-view on the left').toBe(true);
	await checkPanels(caller, 'ar', t);

	// Mid-call, from the call's own Devices panel (Settings is a page of its own, out of reach in a call).
	const safety = await caller.getByTestId('safety-code').textContent();
	const peers = await caller.evaluate(() => window.__qrcallPeers?.length);
	// Marks on the elements on screen: a remounted call screen would come back without them.
	await caller.locator('video.remote-video').evaluate((v) => v.setAttribute('data-before', 'ar'));
	await caller.getByRole('button', { name: t('panel_devices') }).click();
	await caller.getByRole('combobox', { name: t('language_label') }).selectOption('de');
	const de = words('de');
	await expectDocumentLanguage(caller, 'de', 'ltr');
	await expect(caller.getByRole('heading', { name: de('panel_devices'), exact: true })).toBeVisible();
	await checkScreen(caller, 'ar-to-de', 'call-panel_devices');
	await expect(caller.locator('video.remote-video')).toHaveAttribute('data-before', 'ar');
	await caller.getByRole('button', { name: `${de('close')} ${de('panel_devices')}` }).click();
	// The same connection, still up, the same safety code; frames still advance both ways.
	await expectConnectedIn(caller, de);
	await expectConnectedIn(joiner, t);
	expect(await caller.evaluate(() => window.__qrcallPeers?.length)).toBe(peers);
	expect(await caller.evaluate(() => window.__qrcallPeers?.map((pc) => pc.connectionState))).toContain(
		'connected'
	);
	await expect(caller.getByTestId('safety-code')).toHaveText(safety ?? '');
	await expectMediaFlowing(caller);
	await expectMediaFlowing(joiner);
	await expectDocumentLanguage(joiner, 'ar', 'rtl');

	await caller.getByRole('button', { name: de('controls_hang_up') }).click();
	await expect(caller.getByRole('heading', { name: de('title_call_ended') })).toBeVisible();
	await expect(joiner.getByText(t('ended_remote_hangup'))).toBeVisible({ timeout: 15_000 });
	await checkScreen(joiner, 'ar', 'ended');
});
