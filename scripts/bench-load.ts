// npm run bench:load — what loading the built app costs, in Chromium against `vite preview` (which serves
// build/ as a static host would): the JS+CSS of the first screen (gzip at the level hosts compress on the fly,
// budget 60 KB, beside gzip -9 and brotli; the QR scanner and jsqr must not be in it), the service worker's
// precache, and the time from navigation to an interactive app, median and range of RUNS (default 7) loads:
// - installed, cold: a new browser process on the kept profile, so the worker is not running and starts with
//   the navigation (opening the installed app after the browser was closed);
// - installed, worker stopped: the browser runs but its worker was stopped (as browsers do after ~30 s idle);
// - installed, warm: the worker already running and its caches warm (the app reopened right away);
// - first visit from the network, for reference.
// The installed loads are offline, so only the service worker can answer.
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { startPreview } from './preview-server';
import { median } from './bench-stats';

const runs = Math.max(5, Number(process.env.RUNS ?? 7));
const port = 4177;
const base = `http://127.0.0.1:${port}`;
const buildDir = 'build';
const budgetKb = 60;
const contextOptions = { baseURL: base, permissions: ['camera', 'microphone'] };

declare global {
	interface Window {
		__interactiveAt?: number;
	}
}

// Records when the home screen's "Start a call" button exists (found by its place, in any language): Svelte
// mounts a component with its handlers at once, so from then on the app answers a click. performance.now()
// counts from the start of the navigation.
const markInteractive = `
new MutationObserver((_, observer) => {
	if (document.querySelector('.home .actions button.primary')) {
		window.__interactiveAt = performance.now();
		observer.disconnect();
	}
}).observe(document, { childList: true, subtree: true });`;

/** The first screen is measured in every language of the catalog: each device language picks its own. */
const deviceLocales: Record<string, string> = {
	'en-US': 'en',
	'es-ES': 'es',
	'de-DE': 'de',
	'fr-FR': 'fr',
	'pt-BR': 'pt-BR',
	'ru-RU': 'ru',
	'ar-EG': 'ar',
	'zh-CN': 'zh-CN'
};
/** SIZES_ONLY=1: the first screen's size in each language, without the load timings (a quick check). */
const sizesOnly = process.env.SIZES_ONLY === '1';

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** What most hosts and CDNs use when they compress on the fly (nginx, Apache, Node's default). */
const hostGzipLevel = 6;

interface Compressed {
	/** gzip at hostGzipLevel: the size a visitor downloads from a typical host. */
	gzip: number;
	gzip9: number;
	/** Brotli at its highest quality: what a host serving precompressed .br files sends. */
	brotli: number;
}

function compressedSize(path: string): Compressed {
	const bytes = readFileSync(path);
	return {
		gzip: gzipSync(bytes, { level: hostGzipLevel }).length,
		gzip9: gzipSync(bytes, { level: 9 }).length,
		brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
	};
}

function sum(files: Compressed[]): Compressed {
	return files.reduce(
		(a, f) => ({ gzip: a.gzip + f.gzip, gzip9: a.gzip9 + f.gzip9, brotli: a.brotli + f.brotli }),
		{
			gzip: 0,
			gzip9: 0,
			brotli: 0
		}
	);
}

const sizes = (c: Compressed) =>
	`${kb(c.gzip)} KB gzip -${hostGzipLevel} (${kb(c.gzip9)} KB gzip -9, ${kb(c.brotli)} KB brotli)`;

/** Files that must load only when a scan starts: the Scanner component (with scanner.ts) and the worker. */
function lazyScannerFiles(): string[] {
	const manifest = JSON.parse(
		readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')
	) as Record<string, { file: string }>;
	const scanner = manifest['src/lib/ui/Scanner.svelte']?.file;
	if (!scanner) throw new Error('Scanner.svelte is not a chunk of its own: it is no longer loaded lazily');
	return [`/${scanner}`, '/_app/immutable/workers/'];
}

/** The precache list Workbox wrote into sw.js, as files of build/. */
function precacheFiles(): string[] {
	const sw = readFileSync(join(buildDir, 'sw.js'), 'utf8');
	return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1] ?? '');
}

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

interface FirstScreen {
	/** Scripts and stylesheets requested before the home screen was interactive. */
	initial: Compressed;
	files: number;
}

/**
 * First visit: every script and stylesheet the page requested before its home screen was interactive
 * (Resource Timing start vs the interactive mark, one clock). What is requested later (the call engine and
 * screens warmed at idle, the service worker) is listed with VERBOSE=1 but is not start-up cost.
 */
async function firstScreen(context: BrowserContext, lang: string): Promise<FirstScreen> {
	const page = await context.newPage();
	const loaded = new Set<string>();
	page.on('response', (response) => {
		const type = response.request().resourceType();
		if (type === 'script' || type === 'stylesheet') loaded.add(new URL(response.url()).pathname);
	});
	await page.goto('/', { waitUntil: 'load' });
	await page.waitForFunction(() => window.__interactiveAt, null, { timeout: 30_000 });
	const startup = new Set(
		await page.evaluate(() =>
			performance
				.getEntriesByType('resource')
				.filter((entry) => entry.startTime <= (window.__interactiveAt ?? 0))
				.map((entry) => new URL(entry.name).pathname)
		)
	);
	const shown = await page.evaluate(() => document.documentElement.lang);
	if (shown !== lang) throw new Error(`the page showed ${shown}, not ${lang}`);
	await page.waitForLoadState('networkidle');
	await page.close();
	const lazy = lazyScannerFiles();
	const early = [...loaded].filter((path) => lazy.some((l) => path.startsWith(l)));
	if (early.length > 0) throw new Error(`the scanner loaded with the first screen: ${early.join(', ')}`);
	const sized = [...loaded].map((path) => ({ path, size: compressedSize(join(buildDir, path)) }));
	const initial = sized.filter((file) => startup.has(file.path));
	if (process.env.VERBOSE) {
		console.table(
			sized.map((f) => ({
				file: f.path,
				[`gzip -${hostGzipLevel} KB`]: kb(f.size.gzip),
				when: startup.has(f.path) ? 'start-up' : 'later'
			}))
		);
	}
	return { initial: sum(initial.map((f) => f.size)), files: initial.length };
}

/** Loads from the network in a fresh context each time: no worker, no HTTP cache. */
async function fromNetwork(browser: Browser): Promise<number[]> {
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
async function installedInRunningBrowser(browser: Browser): Promise<{ stopped: number[]; warm: number[] }> {
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
async function installedColdProcess(): Promise<number[]> {
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

const range = (values: number[]) =>
	`min ${Math.round(Math.min(...values))}, max ${Math.round(Math.max(...values))}`;

const timeRow = (measure: string, values: number[]) => ({
	measure,
	value: `${Math.round(median(values))} ms`,
	budget: range(values)
});

async function main() {
	const server = await startPreview(port);
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
	try {
		const perLanguage: { lang: string; first: FirstScreen }[] = [];
		for (const [locale, lang] of Object.entries(deviceLocales)) {
			const visit = await browser.newContext({ ...contextOptions, locale });
			await visit.addInitScript(markInteractive);
			perLanguage.push({ lang, first: await firstScreen(visit, lang) });
			await visit.close();
		}
		const first = perLanguage.reduce((a, b) => (b.first.initial.gzip > a.first.initial.gzip ? b : a)).first;
		const initialKb = kb(first.initial.gzip);
		const languageRows = perLanguage.map(({ lang, first: f }) => ({
			measure: `initial JS+CSS in ${lang} (${f.files} files; scanner, jsqr not loaded)`,
			value: sizes(f.initial),
			budget: `≤ ${budgetKb} KB gzip -${hostGzipLevel} ${kb(f.initial.gzip) <= budgetKb ? '✓' : '✗ OVER'}`
		}));
		if (sizesOnly) {
			console.table(languageRows);
			if (initialKb > budgetKb) process.exitCode = 1;
			return;
		}
		const network = await fromNetwork(browser);
		const { stopped, warm } = await installedInRunningBrowser(browser);
		const cold = await installedColdProcess();

		const files = precacheFiles();
		const precacheRaw = files.reduce((total, url) => total + statSync(join(buildDir, url)).size, 0);
		const precache = sum(files.map((url) => compressedSize(join(buildDir, url))));

		console.log(`bench:load — Chromium ${browser.version()}, ${base}, ${runs} runs each`);
		console.table([
			...languageRows,
			{
				measure: `precache (${files.length} files)`,
				value: `${kb(precacheRaw)} KB, ${sizes(precache)}`,
				budget: ''
			},
			timeRow(
				'navigation → interactive, installed, COLD: new browser process, worker not running (offline), median',
				cold
			),
			timeRow(
				'navigation → interactive, installed, worker stopped, browser running (offline), median',
				stopped
			),
			timeRow(
				'navigation → interactive, installed, WARM: worker running, caches warm (offline), median',
				warm
			),
			timeRow('navigation → interactive, first visit from the network, median (reference)', network)
		]);
		if (initialKb > budgetKb) process.exitCode = 1;
	} finally {
		await browser.close();
		server.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
