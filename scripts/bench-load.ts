// npm run bench:load — what loading the built app costs, in Chromium against `vite preview` (which serves
// build/ as a static host would): the JS+CSS of the first screen (gzip, budget 60 KB; the QR scanner and jsqr
// must not be in it), the service worker's precache, and the time from navigation to an interactive app when
// the service worker answers (offline, so nothing else can), median of RUNS (default 7) page loads.
import { chromium, type BrowserContext } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { startPreview } from './preview-server';

const runs = Math.max(5, Number(process.env.RUNS ?? 7));
const port = 4177;
const base = `http://127.0.0.1:${port}`;
const buildDir = 'build';
const budgetKb = 60;

declare global {
	interface Window {
		__interactiveAt?: number;
	}
}

// Records when the "Start a call" button exists: Svelte mounts a component with its handlers at once, so from
// then on the app answers a click. performance.now() counts from the start of the navigation.
const markInteractive = `
new MutationObserver((_, observer) => {
	for (const button of document.querySelectorAll('button')) {
		if (button.textContent?.trim() === 'Start a call') {
			window.__interactiveAt = performance.now();
			observer.disconnect();
		}
	}
}).observe(document, { childList: true, subtree: true });`;

const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

function gzipSize(path: string): number {
	return gzipSync(readFileSync(path), { level: 9 }).length;
}

function median(values: number[]): number {
	const sorted = [...values].sort((x, y) => x - y);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

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
	const page = await context.newPage();
	await page.goto('/');
	const handle = await page.waitForFunction(() => window.__interactiveAt, null, { timeout: 30_000 });
	const ms = (await handle.jsonValue()) as number;
	const controlled = await page.evaluate('navigator.serviceWorker.controller !== null');
	if (controlled !== expectWorker) throw new Error(`page ${expectWorker ? 'not ' : ''}served by the worker`);
	await page.close();
	return ms;
}

async function main() {
	const server = await startPreview(port);
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
	try {
		const options = { baseURL: base, permissions: ['camera', 'microphone'] };

		// 1. First visit: every script and stylesheet the page requested before its home screen was interactive
		// (Resource Timing start vs the interactive mark, one clock). What is requested later (the call engine
		// and screens warmed at idle, the service worker) is listed with VERBOSE=1 but is not start-up cost.
		const cold = await browser.newContext(options);
		await cold.addInitScript(markInteractive);
		const page = await cold.newPage();
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
		await page.waitForLoadState('networkidle');
		const lazy = lazyScannerFiles();
		const early = [...loaded].filter((path) => lazy.some((l) => path.startsWith(l)));
		if (early.length > 0) throw new Error(`the scanner loaded with the first screen: ${early.join(', ')}`);
		const sized = [...loaded].map((path) => ({ path, gzip: gzipSize(join(buildDir, path)) }));
		const initial = sized.filter((file) => startup.has(file.path));
		const initialGzip = initial.reduce((sum, file) => sum + file.gzip, 0);
		if (process.env.VERBOSE) {
			console.table(
				sized.map((f) => ({
					file: f.path,
					'gzip KB': kb(f.gzip),
					when: startup.has(f.path) ? 'start-up' : 'later'
				}))
			);
		}
		await page.close();

		// 2. Cold loads from the network, for reference (fresh context each time: no worker, no HTTP cache).
		const network: number[] = [];
		for (let i = 0; i < runs; i++) {
			const context = await browser.newContext({ ...options, serviceWorkers: 'block' });
			await context.addInitScript(markInteractive);
			network.push(await interactiveAt(context, false));
			await context.close();
		}

		// 3. Served by the service worker: install it once, go offline, then load the app RUNS times.
		const warm = await browser.newContext(options);
		await warm.addInitScript(markInteractive);
		const installer = await warm.newPage();
		await installer.goto('/');
		for (let i = 0; i < 240; i++) {
			const state = await installer.evaluate(
				'navigator.serviceWorker.getRegistration().then((r) => r?.active?.state ?? null)'
			);
			if (state === 'activated') break;
			await installer.waitForTimeout(250);
		}
		await warm.setOffline(true);
		const fromWorker: number[] = [];
		for (let i = 0; i < runs; i++) fromWorker.push(await interactiveAt(warm, true));
		await warm.close();
		await cold.close();

		const files = precacheFiles();
		const precacheRaw = files.reduce((sum, url) => sum + statSync(join(buildDir, url)).size, 0);
		const precacheGzip = files.reduce((sum, url) => sum + gzipSize(join(buildDir, url)), 0);

		console.log(`bench:load — Chromium ${browser.version()}, ${base}, ${runs} runs each`);
		console.table([
			{
				measure: `initial JS+CSS, gzip (${initial.length} files; scanner, jsqr not loaded)`,
				value: `${kb(initialGzip)} KB`,
				budget: `≤ ${budgetKb} KB ${kb(initialGzip) <= budgetKb ? '✓' : '✗ OVER'}`
			},
			{
				measure: `precache (${files.length} files)`,
				value: `${kb(precacheRaw)} KB (${kb(precacheGzip)} KB gzip)`,
				budget: ''
			},
			{
				measure: 'navigation → interactive, served by the service worker (offline), median',
				value: `${Math.round(median(fromWorker))} ms`,
				budget: `min ${Math.round(Math.min(...fromWorker))}, max ${Math.round(Math.max(...fromWorker))}`
			},
			{
				measure: 'navigation → interactive, first visit from the network, median (reference)',
				value: `${Math.round(median(network))} ms`,
				budget: `min ${Math.round(Math.min(...network))}, max ${Math.round(Math.max(...network))}`
			}
		]);
		if (kb(initialGzip) > budgetKb) process.exitCode = 1;
	} finally {
		await browser.close();
		server.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exit(1);
});
