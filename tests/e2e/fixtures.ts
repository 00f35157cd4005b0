// Every e2e spec imports `test` from here. Contexts made with browser.newContext() outlive their test in
// Playwright (the worker's browser is shared), and a context left in a call keeps encoding and decoding video:
// a few of them slowed later tests on a 2-core CI machine from 46 s to 3.4 min and failed one.
import { test as base } from '@playwright/test';

export { expect } from '@playwright/test';
export type { Browser, BrowserContext, Page } from '@playwright/test';

export const test = base.extend<{ closeContexts: void }>({
	closeContexts: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			await use();
			await Promise.all(
				browser
					.contexts()
					.filter((c) => !before.has(c))
					.map((c) => c.close())
			);
		},
		{ auto: true }
	]
});
