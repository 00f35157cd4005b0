// Every e2e spec imports `test` from here. Contexts made with browser.newContext() outlive their test in
// Playwright (the worker's browser is shared), and a context left in a call keeps encoding and decoding video:
// a few of them slowed later tests on a 2-core CI machine from 46 s to 3.4 min and failed one.
// Any uncaught error or unhandled promise rejection in any page of a test fails that test, with its text
// (issue 12: nothing fails only in the console).
import { test as base, type BrowserContext } from '@playwright/test';

export { expect } from '@playwright/test';
export type { Browser, BrowserContext, Page, TestInfo } from '@playwright/test';

export const test = base.extend<{ closeContexts: void }>({
	closeContexts: [
		async ({ browser }, use) => {
			const before = new Set(browser.contexts());
			const pageErrors: string[] = [];
			const watch = (context: BrowserContext) =>
				context.on('weberror', (e) =>
					pageErrors.push(`${e.page()?.url() ?? '?'}: ${e.error().stack ?? e.error().message}`)
				);
			browser.contexts().forEach(watch);
			const newContext = browser.newContext.bind(browser);
			browser.newContext = async (...args) => {
				const context = await newContext(...args);
				watch(context);
				return context;
			};
			try {
				await use();
			} finally {
				browser.newContext = newContext;
				await Promise.all(
					browser
						.contexts()
						.filter((c) => !before.has(c))
						.map((c) => c.close())
				);
			}
			if (pageErrors.length > 0) {
				throw new Error(`Uncaught page errors or unhandled rejections:\n${pageErrors.join('\n')}`);
			}
		},
		{ auto: true }
	]
});
