import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		// Client-only app: one index.html fallback, every route rendered in the browser.
		adapter: adapter({ fallback: 'index.html', strict: true })
	}
};

export default config;
