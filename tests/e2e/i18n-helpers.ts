// Drives a whole call through the UI in any language of the catalog, or in the pseudo-locale: every name a test
// clicks or reads comes from messages/<locale>.json, so a test finds the controls a person reading that
// language finds. Also the checks every screen gets: text not from the catalog, text that overflows its box.
import { readFileSync } from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { pseudoCatalog } from '../../scripts/pseudo-locale';
import { expectMediaFlowing } from './call-helpers';

export type Words = (key: string, inputs?: Record<string, string | number>) => string;

/** The catalog of `locale` ('pseudo': the pseudo-English of the QRCALL_PSEUDO build) as a lookup. */
export function words(locale: string): Words {
	const file = JSON.parse(readFileSync(`messages/${locale === 'pseudo' ? 'en' : locale}.json`, 'utf8'));
	const catalog: Record<string, unknown> = locale === 'pseudo' ? pseudoCatalog(file) : file;
	return (key, inputs = {}) => {
		const text = catalog[key];
		// Plural messages depend on a count the test knows better: it reads them from the page instead.
		if (typeof text !== 'string') throw new Error(`${key} is not a plain message in ${locale}`);
		return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(inputs[name] ?? whole));
	};
}

export async function readCode(page: Page, t: Words): Promise<string> {
	const box = page.getByRole('textbox', { name: t('code_label'), exact: true });
	await expect(box).toHaveValue(/#/, { timeout: 15_000 });
	return box.inputValue();
}

export async function paste(page: Page, t: Words, code: string): Promise<void> {
	await page.getByRole('textbox', { name: t('input_paste_label'), exact: true }).fill(code);
	await page.getByRole('button', { name: t('input_use'), exact: true }).click();
}

export async function expectConnectedIn(page: Page, t: Words): Promise<void> {
	await expect(page.getByRole('status').filter({ hasText: t('state_connected') })).toHaveText(
		t('state_connected'),
		{ timeout: 45_000 }
	);
}

/**
 * Start → join → paste → answer → paste the answer, each step by its words in this language; `shot` is called
 * on every screen on the way (screenshots, axe, the pseudo checks). Ends with media flowing both ways.
 */
export async function callThrough(
	caller: Page,
	joiner: Page,
	t: Words,
	shot: (page: Page, screen: string) => Promise<void> = async () => {}
): Promise<void> {
	await caller.getByRole('button', { name: t('start_call'), exact: true }).click();
	const offer = await readCode(caller, t);
	await expect(caller.getByRole('img', { name: t('code_qr_label') })).toBeVisible();
	await shot(caller, 'start');
	await joiner.getByRole('button', { name: t('join_call'), exact: true }).click();
	await expect(joiner.getByRole('textbox', { name: t('input_paste_label'), exact: true })).toBeVisible();
	await shot(joiner, 'join');
	await paste(joiner, t, offer);
	await expect(joiner.getByRole('heading', { name: t('title_call_code_read') })).toBeVisible();
	await shot(joiner, 'code-read');
	await joiner.getByRole('button', { name: t('join_answer'), exact: true }).click();
	const answer = await readCode(joiner, t);
	await shot(joiner, 'answer');
	await paste(caller, t, answer);
	await expectConnectedIn(caller, t);
	await expectConnectedIn(joiner, t);
	await expectMediaFlowing(caller);
	await expectMediaFlowing(joiner);
}

/** Text on screen that overflows its box: cut off, spilling out, or pushing the page wider than the screen. */
export async function overflowing(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const found: string[] = [];
		const name = (el: Element) =>
			`<${el.localName}${el.className && typeof el.className === 'string' ? `.${el.className.trim().replace(/\s+/g, '.')}` : ''}> "${(el.textContent ?? '').trim().slice(0, 40)}"`;
		const root = document.documentElement;
		if (root.scrollWidth > root.clientWidth + 1)
			found.push(`the page is ${root.scrollWidth}px wide on a ${root.clientWidth}px screen`);
		for (const el of document.body.querySelectorAll('*')) {
			if (!(el instanceof HTMLElement) || !el.checkVisibility()) continue;
			const style = getComputedStyle(el);
			if (style.display === 'inline' || style.display === 'contents') continue;
			// Scrolling boxes (the code field, the chat list) show the rest on scroll; 1 px boxes are visually hidden.
			if (/auto|scroll/.test(style.overflowX + style.overflowY) || el.clientWidth <= 1) continue;
			if (el instanceof HTMLVideoElement || el instanceof HTMLCanvasElement || el.closest('svg')) continue;
			const hasText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent?.trim());
			if (!hasText && !(el instanceof HTMLSelectElement)) continue;
			if (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
				found.push(
					`${name(el)}: ${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight}`
				);
		}
		return found;
	});
}
