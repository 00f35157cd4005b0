import { defineConfig } from '@playwright/test';
import { appOrigin, appPort, chromiumArgs, chromiumPath } from './tests/e2e/browsers';

// Browsers come from Debian (chromium, firefox-esr): nothing is downloaded.
export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	timeout: 120_000,
	fullyParallel: false,
	// One browser-heavy test at a time: two in parallel overload a 2-core CI machine (load 50 seen).
	workers: 1,
	retries: 0,
	// A stray test.only must fail CI instead of silently skipping the rest of the suite (.ci/run sets CI).
	forbidOnly: !!process.env.CI,
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		baseURL: appOrigin,
		launchOptions: { executablePath: chromiumPath, args: chromiumArgs() },
		permissions: ['camera', 'microphone', 'clipboard-read', 'clipboard-write']
	},
	webServer: {
		command: `npx vite preview --host 127.0.0.1 --port ${appPort} --strictPort`,
		url: appOrigin,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000
	}
});
