// bench:load's first screen (./bench-load.ts): the scripts and stylesheets loaded until the home screen is
// interactive, their sizes compressed as hosts serve them (read from build/), and the budget they must keep.
// No side effects on import: an e2e spec may measure the same way.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { BrowserContext } from '@playwright/test';

export const buildDir = 'build';
/** The most the first screen may download, JS+CSS in KB gzip at hostGzipLevel, in every language. */
export const budgetKb = 60;

declare global {
	interface Window {
		__interactiveAt?: number;
	}
}

// Records when the home screen's "Start a call" button exists (found by its place, in any language): Svelte
// mounts a component with its handlers at once, so from then on the app answers a click. performance.now()
// counts from the start of the navigation.
export const markInteractive = `
new MutationObserver((_, observer) => {
	if (document.querySelector('.home .actions button.primary')) {
		window.__interactiveAt = performance.now();
		observer.disconnect();
	}
}).observe(document, { childList: true, subtree: true });`;

/** The first screen is measured in every language of the catalog: each device language picks its own. */
export const deviceLocales: Record<string, string> = {
	'en-US': 'en',
	'es-ES': 'es',
	'de-DE': 'de',
	'fr-FR': 'fr',
	'pt-BR': 'pt-BR',
	'ru-RU': 'ru',
	'ar-EG': 'ar',
	'zh-CN': 'zh-CN'
};

export const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;

/** What most hosts and CDNs use when they compress on the fly (nginx, Apache, Node's default). */
export const hostGzipLevel = 6;

export interface Compressed {
	/** gzip at hostGzipLevel: the size a visitor downloads from a typical host. */
	gzip: number;
	gzip9: number;
	/** Brotli at its highest quality: what a host serving precompressed .br files sends. */
	brotli: number;
}

export function compressedSize(path: string): Compressed {
	const bytes = readFileSync(path);
	return {
		gzip: gzipSync(bytes, { level: hostGzipLevel }).length,
		gzip9: gzipSync(bytes, { level: 9 }).length,
		brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length
	};
}

export function sum(files: Compressed[]): Compressed {
	return files.reduce(
		(a, f) => ({ gzip: a.gzip + f.gzip, gzip9: a.gzip9 + f.gzip9, brotli: a.brotli + f.brotli }),
		{
			gzip: 0,
			gzip9: 0,
			brotli: 0
		}
	);
}

export const sizes = (c: Compressed) =>
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

export interface FirstScreen {
	/** Scripts and stylesheets requested before the home screen was interactive. */
	initial: Compressed;
	files: number;
}

/**
 * First visit: every script and stylesheet the page requested before its home screen was interactive
 * (Resource Timing start vs the interactive mark, one clock). What is requested later (the call engine and
 * screens warmed at idle, the service worker) is listed with VERBOSE=1 but is not start-up cost.
 */
export async function firstScreen(context: BrowserContext, lang: string): Promise<FirstScreen> {
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
