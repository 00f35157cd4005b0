// The pseudo-locale walk (issue 16): the QRCALL_PSEUDO build (build-pseudo/, `npm run build:pseudo`) shows every
// catalog message as ⟦ãççéñţéð Éñĝļîšĥ~~~⟧, ~40 % longer. Every screen and panel a person can reach — home,
// settings, start, join, the scanner, a wrong code, the code read, the answer, the call with each panel open,
// the ended screen, the camera-blocked screen — at phone size (390×844) must show no text, aria-label, title,
// placeholder or alt outside the brackets (it did not come from the catalog) and no text overflowing its box.
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { startPreview, type PreviewServer } from '../../scripts/preview-server';
import { appPort, chromiumArgs, chromiumPath } from './browsers';
import { openApp, twoDevices } from './call-helpers';
import { expect, test, type Page } from './fixtures';
import { callThrough, overflowing, paste, words } from './i18n-helpers';

const t = words('pseudo');
/** Beside the app's own port, so each engineer's runs stay on their own. */
const pseudoPort = appPort + 100;
const phone = { width: 390, height: 844 };
let server: PreviewServer;

test.beforeAll(async () => {
	if (!existsSync('build-pseudo/index.html'))
		throw new Error('no pseudo-locale build: run `npm run build:pseudo` first (npm run test:e2e does)');
	server = await startPreview(pseudoPort, { QRCALL_PSEUDO: '1' });
});
test.afterAll(async () => {
	server?.close();
	await server?.exited;
});

/** Text and attributes a person sees or hears that are not inside ⟦ ⟧; data (translate="no") excepted. */
async function notFromCatalog(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		// Numbers with units and times of day come from Intl in the page's language: data, not catalog text.
		const lang = document.documentElement.lang;
		const intl = new Set<string>();
		for (const unit of [
			'kilobyte',
			'megabyte',
			'gigabyte',
			'kilobyte-per-second',
			'megabyte-per-second'
		].concat(['kilobit-per-second', 'megabit-per-second', 'millisecond', 'second', 'minute', 'hour']))
			for (const part of new Intl.NumberFormat(lang, { style: 'unit', unit }).formatToParts(2))
				if (part.type === 'unit') intl.add(part.value);
		for (const part of new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit' }).formatToParts(0))
			if (part.type === 'dayPeriod') intl.add(part.value);
		const units = new RegExp([...intl].map((u) => u.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')).join('|'), 'g');
		// What is left once every message is cut out (innermost first: a message may hold another, as the tab
		// title holds the screen's name) and Intl's units too must hold no letter.
		const outside = (text: string) => {
			let rest = text;
			for (let cut = ''; cut !== rest;) [cut, rest] = [rest, rest.replace(/⟦[^⟦⟧]*⟧/g, '')];
			return /\p{L}/u.test(rest.replace(units, ''));
		};
		const data = (el: Element | null) => !!el?.closest('[translate="no"], script, style, noscript');
		const found: string[] = [];
		if (outside(document.title)) found.push(`title: "${document.title}"`);
		const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let node = walker.nextNode(); node; node = walker.nextNode()) {
			const parent = node.parentElement;
			if (!parent || data(parent) || !parent.checkVisibility()) continue;
			if (outside(node.textContent ?? ''))
				found.push(`text in <${parent.localName}>: "${node.textContent?.trim()}"`);
		}
		for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
			if (data(el)) continue;
			for (const attribute of ['aria-label', 'title', 'placeholder', 'alt']) {
				const value = el.getAttribute(attribute);
				if (value !== null && outside(value)) found.push(`${attribute} of <${el.localName}>: "${value}"`);
			}
		}
		return found;
	});
}

async function check(page: Page, screen: string): Promise<void> {
	expect.soft(await notFromCatalog(page), `text not from the catalog on ${screen}`).toEqual([]);
	expect.soft(await overflowing(page), `text overflowing its box on ${screen}`).toEqual([]);
}

const panels = [
	['panel_chat', 'panel_chat'],
	['controls_details', 'panel_details'],
	['panel_files', 'panel_files'],
	['panel_devices', 'panel_devices']
] as const;

test('pseudo-locale: every screen and panel shows only catalog text, none of it overflowing (390×844)', async ({
	browser
}) => {
	test.setTimeout(180_000);
	const { caller, joiner } = await twoDevices(browser, { baseURL: server.base, viewport: phone });
	await expect(caller.getByRole('button', { name: t('start_call') })).toBeVisible({ timeout: 15_000 });
	await expect(caller.getByRole('button', { name: t('mic_mute') })).toBeVisible({ timeout: 15_000 });
	await check(caller, 'home');

	await joiner.getByRole('link', { name: t('title_settings') }).click();
	await expect(joiner.getByRole('heading', { name: t('settings_heading') })).toBeVisible();
	await joiner.getByRole('checkbox', { name: t('settings_use_default') }).uncheck();
	await joiner.getByRole('button', { name: t('settings_add') }).click();
	await joiner.getByRole('button', { name: t('settings_save'), exact: true }).click();
	await expect(joiner.getByText(t('settings_fix'))).toBeVisible();
	await check(joiner, 'settings (a server in error)');
	await joiner.getByRole('link', { name: t('settings_back') }).click();

	await callThrough(caller, joiner, t, async (page, screen) => {
		await check(page, screen);
		if (screen !== 'join') return;
		await page.getByRole('button', { name: t('input_scan') }).click();
		await expect(page.getByText(t('scanner_point'))).toBeVisible({ timeout: 15_000 });
		await check(page, 'join (scanner open)');
		await page.getByRole('button', { name: t('input_stop_scanning') }).click();
		await paste(page, t, 'hello, are you there?');
		await expect(page.getByText(t('sig_not_a_code'), { exact: true })).toBeVisible();
		await check(page, 'join (a wrong code)');
	});
	await expect(caller.getByTestId('safety-code')).toHaveText(/^\d{3} \d{3}$/, { timeout: 15_000 });
	await check(caller, 'call (caller)');
	await check(joiner, 'call (joiner)');
	for (const [button, title] of panels) {
		await caller.getByRole('button', { name: t(button) }).click();
		await expect(caller.getByRole('heading', { name: t(title), exact: true })).toBeVisible();
		await check(caller, `the call with the ${title} panel open`);
		await caller.getByRole('button', { name: `${t('close')} ${t(title)}` }).click();
	}

	await caller.getByRole('button', { name: t('controls_hang_up') }).click();
	await expect(caller.getByRole('heading', { name: t('title_call_ended') })).toBeVisible();
	await expect(joiner.getByText(t('ended_remote_hangup'))).toBeVisible({ timeout: 15_000 });
	await check(caller, 'ended (caller)');
	await check(joiner, 'ended (joiner)');
});

test('pseudo-locale: the camera-and-microphone-blocked screen shows only catalog text (390×844)', async () => {
	// Without the fake permission prompt, a permission not granted is refused, as a user's "Block" would be.
	const denying = await chromium.launch({
		executablePath: chromiumPath,
		args: chromiumArgs().filter((arg) => arg !== '--use-fake-ui-for-media-stream')
	});
	try {
		const page = await (
			await denying.newContext({ baseURL: server.base, viewport: phone, permissions: [] })
		).newPage();
		await openApp(page);
		await expect(page.getByText(t('media_err_both_blocked'))).toHaveCount(2, { timeout: 15_000 });
		await check(page, 'media error');
	} finally {
		await denying.close();
	}
});
