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
// First screen: ./bench-load-first-screen.ts; timings: ./bench-load-timings.ts.
import { chromium } from '@playwright/test';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { startPreview } from './preview-server';
import { median } from './bench-stats';
import {
	budgetKb,
	deviceLocales,
	buildDir,
	compressedSize,
	firstScreen,
	hostGzipLevel,
	kb,
	markInteractive,
	sizes,
	sum,
	type FirstScreen
} from './bench-load-first-screen';
import { fromNetwork, installedColdProcess, installedInRunningBrowser } from './bench-load-timings';

const runs = Math.max(5, Number(process.env.RUNS ?? 7));
const port = 4177;
const base = `http://127.0.0.1:${port}`;
const contextOptions = { baseURL: base, permissions: ['camera', 'microphone'] };

/** SIZES_ONLY=1: the first screen's size in each language, without the load timings (a quick check). */
const sizesOnly = process.env.SIZES_ONLY === '1';

/** The precache list Workbox wrote into sw.js, as files of build/. */
function precacheFiles(): string[] {
	const sw = readFileSync(join(buildDir, 'sw.js'), 'utf8');
	return [...sw.matchAll(/\{url:"([^"]+)",revision:/g)].map((m) => m[1] ?? '');
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
		const network = await fromNetwork(browser, contextOptions, runs);
		const { stopped, warm } = await installedInRunningBrowser(browser, contextOptions, runs);
		const cold = await installedColdProcess(contextOptions, runs);

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
