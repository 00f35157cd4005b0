import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';

export default defineConfig({
	plugins: [sveltekit()],
	worker: { format: 'es' },
	// The scanner worker imports jsqr lazily; pre-bundling it keeps `vite dev` from reloading mid-scan.
	optimizeDeps: { include: ['jsqr'] },
	test: {
		include: ['tests/unit/**/*.test.ts'],
		environment: 'node'
	}
});
