// The app as an installed, offline-first PWA, checked in real Chromium against the built app that `npm start`
// serves: installability, a whole call with the network off, the QR's deep link and the share target offline,
// and that a call talks to no origin but the app's own and breaks no CSP rule.
import { chromium } from '@playwright/test';
import { expect, test, type BrowserContext, type Page } from './fixtures';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './browsers';
import { answerCall, expectCallUp, openApp, pasteCode, startCall } from './call-helpers';
import {
	cspViolations,
	installApp,
	originOf,
	pngSize,
	recordCspViolations,
	servedByServiceWorker
} from './pwa-helpers';

interface Manifest {
	name: string;
	short_name: string;
	description: string;
	start_url: string;
	scope: string;
	display: string;
	theme_color: string;
	background_color: string;
	icons: { src: string; sizes: string; type: string; purpose?: string }[];
	share_target: { action: string; method: string; params: Record<string, string> };
}

test('Chromium finds the built app installable, with a complete manifest and share target', async ({
	baseURL
}) => {
	// Chromium never offers to install from an incognito profile (what browser.newContext() makes): use a real one.
	const profile = await mkdtemp(join(tmpdir(), 'qrcall-install-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: chromiumPath,
		args: chromiumArgs(),
		baseURL,
		permissions: ['camera', 'microphone']
	});
	const page = context.pages()[0] ?? (await context.newPage());
	await installApp(page);
	await page.reload();
	const cdp = await context.newCDPSession(page);

	const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
	expect(installabilityErrors).toEqual([]);

	const { url, errors, data } = await cdp.send('Page.getAppManifest');
	expect(url).toBe(`${originOf(page)}/manifest.webmanifest`);
	expect(errors).toEqual([]);
	const manifest = JSON.parse(data ?? '{}') as Manifest;
	expect(manifest).toMatchObject({
		short_name: 'qrcall',
		start_url: '/',
		scope: '/',
		display: 'standalone'
	});
	expect(manifest.name).toContain('qrcall');
	expect(manifest.description.length).toBeGreaterThan(20);
	expect(manifest.theme_color).toMatch(/^#[0-9a-f]{6}$/i);
	expect(manifest.background_color).toMatch(/^#[0-9a-f]{6}$/i);

	// Every icon is a real PNG of the size it claims; 192, 512 and a maskable one are there.
	for (const icon of manifest.icons) {
		const response = await page.request.get(icon.src);
		expect(response.ok(), icon.src).toBe(true);
		const { width, height } = pngSize(await response.body());
		expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
	}
	const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
	expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
	await context.close();
	await rm(profile, { recursive: true, force: true });
});

test('after one visit the app loads and a whole call completes with no network at all', async ({
	browser
}) => {
	const contexts: BrowserContext[] = [await browser.newContext(), await browser.newContext()];
	const [caller, joiner] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page];
	await installApp(caller);
	await installApp(joiner);

	// From here on nothing may come from the network: every response must be the service worker's.
	const fromNetwork: string[] = [];
	for (const context of contexts) {
		await context.setOffline(true);
		context.on('response', (response) => {
			if (!response.fromServiceWorker()) fromNetwork.push(response.url());
		});
	}
	for (const page of [caller, joiner]) {
		await page.reload();
		expect(await servedByServiceWorker(page)).toBe(true);
		expect(await page.evaluate(() => navigator.onLine)).toBe(false);
		// Really offline: a file the service worker does not hold cannot be fetched.
		const probe = await page.evaluate(() =>
			fetch(`/_app/version.json?probe=${Date.now()}`).then(
				() => 'fetched',
				() => 'failed'
			)
		);
		expect(probe).toBe('failed');
	}

	// The scanner offline: its worker loads ZXing-C++'s wasm from the precache (no frame falls back to jsQR alone).
	const scanner = await contexts[1]!.newPage();
	await scanner.goto('/');
	await scanner.getByRole('button', { name: 'Join a call' }).click();
	await scanner.getByRole('button', { name: 'Scan a code' }).click();
	await scanner.waitForFunction(() => performance.getEntriesByName('qrcall:scan-decode').length >= 3, null, {
		timeout: 30_000
	});
	expect(await scanner.evaluate(() => performance.getEntriesByName('qrcall:scan-jsqr-only').length)).toBe(0);
	await scanner.close();

	// Offer, answer, the QR drawing: all made offline.
	const offer = await startCall(caller);
	await expect(caller.getByRole('img', { name: 'QR code of your call code' })).toBeVisible();
	const answer = await answerCall(joiner, offer);

	// Chromium's offline emulation also drops WebRTC's own UDP packets, which a real device without internet
	// still sends on its LAN (here: host candidates on this machine). So lift the emulation but keep HTTP cut:
	// every request the service worker does not answer fails, as with no network.
	for (const context of contexts) {
		await context.route('**/*', (route) => route.abort('internetdisconnected'));
		await context.setOffline(false);
	}
	await pasteCode(caller, answer);
	await expectCallUp(caller, joiner);

	await caller.getByRole('button', { name: 'Hang up' }).click();
	await expect(joiner.getByRole('heading', { name: 'Call ended' })).toBeVisible({ timeout: 10_000 });
	expect(fromNetwork).toEqual([]);
	for (const context of contexts) await context.close();
});

test('offline, the QR link /#CODE and a shared link both open the answer screen for that code', async ({
	browser
}) => {
	const callerContext = await browser.newContext();
	const caller = await callerContext.newPage();
	await openApp(caller);
	const offer = await startCall(caller);

	const context = await browser.newContext();
	await installApp(await context.newPage());
	await context.setOffline(true);

	// What a phone's camera app opens from the QR: https://HOST/#CODE.
	const scanned = await context.newPage();
	await openApp(scanned, '/' + new URL(offer).hash);
	expect(await servedByServiceWorker(scanned)).toBe(true);
	await expect(scanned.getByRole('heading', { name: 'Call code read' })).toBeVisible({ timeout: 15_000 });
	await expect(scanned.getByRole('button', { name: 'Answer' })).toBeEnabled();

	// What the share sheet opens when a chat app shares the link into the installed app: the URL is built the
	// way the OS builds it, from the manifest the app serves (action, parameter names), so a renamed parameter
	// that the app no longer reads fails here.
	const served = await scanned.evaluate(async () => {
		const response = await fetch('/manifest.webmanifest');
		return (await response.json()) as { share_target: Manifest['share_target'] };
	});
	const target = served.share_target;
	// A static host and the service worker's navigation fallback answer GET only; a POST share would fail offline.
	expect(target.method).toBe('GET');
	const sharedUrl = new URL(target.action, originOf(scanned));
	const shares = { title: 'qrcall', text: 'Join my call on qrcall:', url: offer };
	for (const [field, value] of Object.entries(shares)) {
		const name = target.params[field];
		if (name) sharedUrl.searchParams.set(name, value);
	}
	const shared = await context.newPage();
	await openApp(shared, sharedUrl.pathname + sharedUrl.search);
	expect(await servedByServiceWorker(shared)).toBe(true);
	await expect(shared.getByRole('heading', { name: 'Call code read' })).toBeVisible({ timeout: 15_000 });

	await context.close();
	await callerContext.close();
});

test('a whole call, QR scanner included, requests nothing but the app origin and breaks no CSP rule', async ({
	browser
}) => {
	const contexts: BrowserContext[] = [await browser.newContext(), await browser.newContext()];
	const requests: string[] = [];
	const consoleErrors: string[] = [];
	for (const context of contexts) {
		context.on('request', (request) => requests.push(request.url()));
		await context.addInitScript(recordCspViolations);
	}
	const [caller, joiner] = (await Promise.all(contexts.map((c) => c.newPage()))) as [Page, Page];
	for (const page of [caller, joiner]) {
		page.on('console', (message) => {
			if (message.type() === 'error') consoleErrors.push(message.text());
		});
		await openApp(page);
	}

	const appOrigin = originOf(caller);
	const offer = await startCall(caller);
	await expect(caller.getByRole('img', { name: 'QR code of your call code' })).toBeVisible();

	// The scanner: its module worker starts and jsqr loads into it (a lazy chunk of the app's own origin).
	await joiner.getByRole('button', { name: 'Join a call' }).click();
	const workerStarted = joiner.waitForEvent('worker', { timeout: 30_000 });
	await joiner.getByRole('button', { name: 'Scan a code' }).click();
	const worker = await workerStarted;
	expect(new URL(worker.url()).origin).toBe(appOrigin);
	await expect(joiner.getByText('Point the camera at the QR code.')).toBeVisible({ timeout: 30_000 });
	await expect
		.poll(() => requests.some((url) => url.includes('/workers/chunks/')), { timeout: 15_000 })
		.toBe(true);
	await joiner.getByRole('button', { name: 'Stop scanning' }).click();

	await pasteCode(joiner, offer);
	await joiner.getByRole('button', { name: 'Answer' }).click();
	const answer = await joiner.getByRole('textbox', { name: 'Your code' }).inputValue();
	await pasteCode(caller, answer);
	await expectCallUp(caller, joiner);
	await joiner.getByRole('button', { name: 'Hang up' }).click();
	await expect(caller.getByRole('heading', { name: 'Call ended' })).toBeVisible({ timeout: 10_000 });

	expect(requests.length).toBeGreaterThan(10);
	const elsewhere = requests.filter((url) => new URL(url).origin !== appOrigin);
	expect(elsewhere).toEqual([]);
	expect(await cspViolations(caller)).toEqual([]);
	expect(await cspViolations(joiner)).toEqual([]);
	expect(consoleErrors.filter((text) => /content security policy/i.test(text))).toEqual([]);
	for (const context of contexts) await context.close();
});
