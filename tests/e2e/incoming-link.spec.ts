// Issue 14 §2 / issue 12 §4: a link mangled by an app (a fragment cut inside a %XX escape, or after one or two
// characters) shows a message at start-up, is removed from the address bar, and nothing throws.
import { expect, test } from './fixtures';
import { openApp } from './call-helpers';

const CUT = 'This code is cut off — copy the whole code.';

for (const fragment of ['#2H3ZO7MLSWX%2', '#2']) {
	test(`a link cut to ${JSON.stringify(fragment)} says "cut off" and leaves the address bar`, async ({
		browser
	}) => {
		const page = await (await browser.newContext()).newPage();
		const errors: Error[] = [];
		page.on('pageerror', (error) => errors.push(error));
		await openApp(page, `/${fragment}`);
		await expect(page.locator('#code-message')).toHaveText(CUT);
		expect(new URL(page.url()).hash).toBe('');
		expect(errors).toEqual([]);
	});
}
