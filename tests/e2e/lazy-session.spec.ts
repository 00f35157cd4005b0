// Issue 16 (first screen ≤ 60 KB): the call session loads after the home screen. When it cannot be fetched
// (offline on a first visit, before the worker cached it), "Start a call" says so on the home screen, and the
// next click tries again instead of staying broken.
import { expect, test } from './fixtures';
import { openApp, startCall } from './call-helpers';

/** Only the session's module marks the start of a call for the benchmarks (rtc/session.svelte.ts). */
const SESSION_MARK = 'qrcall:start';

test('a call session that cannot be loaded is said on the home screen, and the next click retries', async ({
	browser
}) => {
	// No service worker: it would fetch the chunk for the page, outside page.route.
	// A laptop's screen: the message must show above the fold, under the camera preview and the two buttons.
	const context = await browser.newContext({
		serviceWorkers: 'block',
		viewport: { width: 1280, height: 720 }
	});
	const page = await context.newPage();
	let offline = true;
	let blocked = 0;
	await page.route('**/_app/immutable/**/*.js', async (route) => {
		const response = await route.fetch();
		const body = await response.text();
		if (offline && body.includes(SESSION_MARK)) {
			blocked += 1;
			await route.abort('internetdisconnected');
		} else {
			await route.fulfill({ response, body });
		}
	});
	await openApp(page);
	await page.getByRole('button', { name: 'Start a call' }).click();
	await expect(page.locator('.home .message')).toHaveText(
		'The call could not be loaded. Check the connection and try again.'
	);
	await expect(page.locator('.home .message')).toBeInViewport({ ratio: 1 });
	expect(blocked).toBeGreaterThan(0);

	offline = false;
	const code = await startCall(page);
	expect(code.startsWith(`${new URL(page.url()).origin}/#`)).toBe(true);
	await expect(page.locator('.home')).toHaveCount(0);
});
