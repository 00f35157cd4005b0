import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { Page as FirefoxPage } from 'puppeteer-core';
import { expect, test, type BrowserContext } from './fixtures';
import { AppDriver } from './app-driver';
import { appOrigin } from './browsers';
import { observePeers } from './call-helpers';
import { launchFirefox } from './firefox';

// Files between Firefox and Chromium, both ways: each browser's own storage (OPFS through a worker), native
// SHA-256 of each part, and the whole file's SHA-256 on request must agree with what node computes.
test('a file goes from Chromium to Firefox and another back, each checked part by part, with the same SHA-256 on request as node', async ({
	browser
}, testInfo) => {
	test.setTimeout(240_000);
	const firefox = await launchFirefox();
	const ff = await firefox.newPage(`${appOrigin}/`);
	await ff.evaluateOnNewDocument(observePeers);
	await ff.reload({ waitUntil: 'load' });
	const context = await browser.newContext();
	try {
		await exchangeFiles(ff, context, testInfo.outputPath('to-firefox.bin'));
	} finally {
		await firefox.close();
		await context.close();
	}
});

async function exchangeFiles(ff: FirefoxPage, context: BrowserContext, path: string): Promise<void> {
	const ffDriver = new AppDriver({
		evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
			ff.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<R>
	});
	const cr = await context.newPage();
	await cr.addInitScript(observePeers);
	await cr.goto('/');
	const crDriver = new AppDriver(cr);
	const offer = await crDriver.startCall();
	const answer = await ffDriver.answerCall(offer);
	await crDriver.pasteCode(answer);
	await crDriver.waitForState('Connected');
	await ffDriver.waitForState('Connected');

	// Chromium → Firefox: 5 MiB + 321 bytes.
	const data = randomBytes(5 * 1024 * 1024 + 321);
	writeFileSync(path, data);
	const expected = createHash('sha256').update(data).digest('hex');
	await cr.getByRole('button', { name: 'Files' }).click();
	await ffDriver.click('Files');
	await cr.getByLabel('Send files').setInputFiles(path);
	await expect(cr.getByTestId('transfer')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	const ffStatus = () =>
		ff.evaluate(() => document.querySelector('[data-testid=transfer]')?.getAttribute('data-status'));
	await expect.poll(ffStatus, { timeout: 30_000 }).toBe('done');
	await ff.evaluate(() => (document.querySelector('[data-testid=transfer] summary') as HTMLElement).click());
	await expect
		.poll(() => ff.evaluate(() => document.querySelector('[data-testid=sha256]')?.textContent), {
			timeout: 20_000
		})
		.toBe(expected);

	// Firefox → Chromium: random bytes made in the Firefox page, put into the file input as a person would pick them.
	const sentHash = await ff.evaluate(async () => {
		const bytes = new Uint8Array(3 * 1024 * 1024 + 5);
		for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
		const file = new File([bytes], 'from-firefox.bin');
		const dt = new DataTransfer();
		dt.items.add(file);
		const input = document.querySelector('input[type=file]') as HTMLInputElement;
		input.files = dt.files;
		input.dispatchEvent(new Event('change', { bubbles: true }));
		const d = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
		return [...d].map((b) => b.toString(16).padStart(2, '0')).join('');
	});
	const got = cr.getByTestId('transfer').filter({ hasText: 'from-firefox.bin' });
	await expect(got).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
	await got.getByText('SHA-256').click();
	await expect(got.getByTestId('sha256')).toHaveText(sentHash);
}
