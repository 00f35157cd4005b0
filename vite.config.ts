import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { createReadStream, existsSync, readFileSync } from 'node:fs';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { paraglideOptions, pseudo } from './scripts/i18n.js';
import { lazyLocales } from './scripts/lazy-locales.js';
import { writePseudoProject } from './scripts/pseudo-locale.js';
import { manifest } from './src/lib/pwa/manifest.js';

if (pseudo) writePseudoProject();
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as { locales: string[] };

/**
 * `vite preview` serves what a static host serves: build/index.html (adapter-static's fallback, with its CSP
 * <meta>) for `/`, `/index.html` and every other page URL, instead of SvelteKit's server-rendered shell. So the
 * service worker precaches, and the tests check, the very file that ships.
 */
function previewStaticFallback(): Plugin {
	const fallback = pseudo ? 'build-pseudo/index.html' : 'build/index.html';
	return {
		name: 'qrcall:preview-static-fallback',
		configurePreviewServer(server) {
			server.middlewares.use((req, res, next) => {
				const { pathname } = new URL(req.url ?? '/', 'http://localhost');
				const page = pathname === '/index.html' || !pathname.slice(1).includes('.');
				if ((req.method !== 'GET' && req.method !== 'HEAD') || !page || !existsSync(fallback)) return next();
				res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
				if (req.method === 'HEAD') res.end();
				else createReadStream(fallback).pipe(res);
			});
		}
	};
}

export default defineConfig({
	plugins: [
		// The message catalog (messages/*.json) compiled to typed functions in src/lib/paraglide (docs/i18n.md).
		paraglideVitePlugin(paraglideOptions),
		// …and each language loads on demand in the build, so the first screen carries only its own words.
		lazyLocales({
			locales: settings.locales,
			entries: ['src/routes/+layout.svelte', 'src/routes/+layout.ts', 'src/routes/+page.svelte'],
			later: /src\/lib\/(rtc\/(transfer\/|ice-settings|diagnose)|i18n\/signal-errors)/
		}),
		sveltekit(),
		previewStaticFallback(),
		// Offline after the first visit: Workbox precaches every file the build emits (the QR scanner worker,
		// jsqr and ZXing-C++'s wasm included) and answers every navigation — /, /#CODE, /?text=… from the share sheet — with the
		// precached index.html. A new version waits until the user says "reload" (src/lib/ui/UpdatePrompt).
		SvelteKitPWA({
			registerType: 'prompt',
			injectRegister: false,
			manifest,
			workbox: {
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webmanifest,wasm}'],
				cleanupOutdatedCaches: true,
				clientsClaim: false,
				skipWaiting: false
			},
			kit: {
				// adapter-static writes build/index.html after Vite is done: precache it under its own name
				// (revisioned by _app/version.json) and serve it for every navigation.
				adapterFallback: 'index.html',
				spa: true
			}
		})
	],
	// The browser floor, stated in README.md and checked at start-up by static/browser-check.js: Vite 8's
	// "baseline widely available" target, pinned so a Vite upgrade cannot move it silently.
	build: { target: ['chrome111', 'edge111', 'firefox114', 'safari16.4', 'ios16.4'] },
	worker: { format: 'es' },
	// The scanner worker imports jsqr lazily; pre-bundling it keeps `vite dev` from reloading mid-scan.
	optimizeDeps: { include: ['jsqr'] },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node',
		// A stray it.only must fail CI instead of silently skipping the rest of the suite (.ci/run sets CI).
		allowOnly: !process.env.CI
	}
});
