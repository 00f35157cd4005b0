// bench:load's timings (./bench-load.ts): from navigation to an interactive home screen, loaded from the
// network or as the installed app (cold process, worker stopped, warm). Each takes `runs` loads.
import {
	chromium,
	type Browser,
	type BrowserContext,
	type BrowserContextOptions,
	type Page
} from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { markInteractive } from './bench-load-first-screen';

async function interactiveAt(context: BrowserContext, expectWorker: boolean): Promise<number> {
	return interactiveOn(await context.newPage(), expectWorker);
}

async function interactiveOn(page: Page, expectWorker: boolean): Promise<number> {
	await page.goto('/');
	const handle = await page.waitForFunction(() => window.__interactiveAt, null, { timeout: 30_000 });
	const ms = (await handle.jsonValue()) as number;
	const controlled = await page.evaluate('navigator.serviceWorker.controller !== null');
	if (controlled !== expectWorker) throw new Error(`page ${expectWorker ? 'not ' : ''}served by the worker`);
	await page.close();
	return ms;
}

/** Until the page's service worker is active, i.e. the whole precache is in place. */
async function waitForWorker(page: Page): Promise<void> {
	for (let i = 0; i < 240; i++) {
		const state = await page.evaluate(
			'navigator.serviceWorker.getRegistration().then((r) => r?.active?.state ?? null)'
		);
		if (state === 'activated') return;
		await page.waitForTimeout(250);
	}
	throw new Error('the service worker never activated');
}

/** Loads from the network in a fresh context each time: no worker, no HTTP cache. */
export async function fromNetwork(
	browser: Browser,
	contextOptions: BrowserContextOptions,
	runs: number
): Promise<number[]> {
	const times: number[] = [];
	for (let i = 0; i < runs; i++) {
		const context = await browser.newContext({ ...contextOptions, serviceWorkers: 'block' });
		await context.addInitScript(markInteractive);
		times.push(await interactiveAt(context, false));
		await context.close();
	}
	return times;
}

/** The installed app, offline: the worker stopped before each load, or left running and warm. */
export async function installedInRunningBrowser(
	browser: Browser,
	contextOptions: BrowserContextOptions,
	runs: number
): Promise<{ stopped: number[]; warm: number[] }> {
	const context = await browser.newContext(contextOptions);
	await context.addInitScript(markInteractive);
	const installer = await context.newPage();
	await installer.goto('/');
	await waitForWorker(installer);
	// The DevTools session lives on a blank page: an app page left open would restart the worker with its fetches.
	await installer.goto('about:blank');
	const cdp = await context.newCDPSession(installer);
	const running = new Map<string, string>();
	cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
		// A redundant (replaced) version keeps its last status; only live versions count.
		for (const v of versions) {
			if (v.status === 'redundant') running.delete(v.versionId);
			else running.set(v.versionId, v.runningStatus);
		}
	});
	await cdp.send('ServiceWorker.enable');
	await context.setOffline(true);
	const stopped: number[] = [];
	for (let i = 0; i < runs; i++) {
		await cdp.send('ServiceWorker.stopAllWorkers');
		// Measure only once DevTools reports every worker version stopped.
		for (let t = 0; [...running.values()].some((status) => status !== 'stopped'); t++) {
			if (t > 300)
				throw new Error(`the service worker did not stop within 15 s: ${JSON.stringify([...running])}`);
			await installer.waitForTimeout(50);
		}
		if (running.size === 0) throw new Error('DevTools reported no service worker');
		stopped.push(await interactiveAt(context, true));
	}
	const warm: number[] = [];
	await interactiveAt(context, true); // starts the worker again
	for (let i = 0; i < runs; i++) warm.push(await interactiveAt(context, true));
	await context.close();
	return { stopped, warm };
}

/**
 * The installed app opened in a new browser process: the profile (worker registration, Cache Storage, code
 * cache) is kept on disk, nothing runs. One process per load; the time counts from the navigation.
 */
export async function installedColdProcess(
	contextOptions: BrowserContextOptions,
	runs: number
): Promise<number[]> {
	const profile = await mkdtemp(join(tmpdir(), 'qrcall-bench-load-'));
	const launch = (offline: boolean) =>
		chromium.launchPersistentContext(profile, {
			...contextOptions,
			executablePath: chromiumPath,
			args: chromiumArgs(),
			offline
		});
	try {
		const installing = await launch(false);
		const page = installing.pages()[0] ?? (await installing.newPage());
		await page.goto('/');
		await waitForWorker(page);
		await installing.close();
		const times: number[] = [];
		for (let i = 0; i < runs; i++) {
			const context = await launch(true);
			await context.addInitScript(markInteractive);
			times.push(await interactiveOn(context.pages()[0] ?? (await context.newPage()), true));
			await context.close();
		}
		return times;
	} finally {
		await rm(profile, { recursive: true, force: true });
	}
}
