import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * SvelteKit's root component renders one element with an inline style attribute (the visually hidden route
 * announcer). The CSP allows exactly that attribute by its hash instead of 'unsafe-inline'; read from the
 * installed SvelteKit so an upgrade that changes it keeps working (tests/e2e/pwa.spec.ts fails on violations).
 */
function announcerStyleHash() {
	const root = readFileSync(
		new URL('./node_modules/@sveltejs/kit/src/core/sync/write_root.js', import.meta.url),
		'utf8'
	);
	const style = /id="svelte-announcer"[^>]*?style="([^"]+)"/.exec(root)?.[1];
	return style ? [`sha256-${createHash('sha256').update(style).digest('base64')}`] : [];
}

/** The pseudo-locale build (QRCALL_PSEUDO=1, scripts/i18n.ts) goes beside the real one, never over it. */
const pseudo = process.env.QRCALL_PSEUDO === '1';
const buildDir = pseudo ? 'build-pseudo' : 'build';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// Client-only app: one index.html fallback, every route rendered in the browser.
		adapter: adapter({ pages: buildDir, assets: buildDir, fallback: 'index.html', strict: true }),
		outDir: pseudo ? '.svelte-kit-pseudo' : '.svelte-kit',
		// A static host sends no headers we control, so the policy travels as a <meta> in index.html. SvelteKit
		// adds the sha256 of its one inline bootstrap script to script-src. Nothing else may load: no fonts,
		// analytics or CDNs; WebRTC's ICE traffic is not fetch and is not governed by connect-src. Styles come
		// from the built CSS files only; Svelte's style: directives write through the CSSOM, which CSP allows.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['none'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-hashes', ...announcerStyleHash()],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:', 'mediastream:'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'font-src': ['none'],
				'object-src': ['none'],
				'base-uri': ['none'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
