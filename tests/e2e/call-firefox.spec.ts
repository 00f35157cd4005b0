import { test, type Browser } from './fixtures';
import { AppDriver } from './app-driver';
import { appOrigin } from './browsers';
import { observePeers } from './call-helpers';
import { launchFirefox } from './firefox';

// People need tens of seconds to carry the answer back; every pairing must survive it.
const lateMs = 30_000;
const appUrl = `${appOrigin}/`;

interface Side {
	driver: AppDriver;
	close(): Promise<void>;
}

async function firefoxSide(): Promise<Side> {
	const firefox = await launchFirefox();
	const page = await firefox.newPage(appUrl);
	// Same as the Chromium init script: no public STUN server, so no traffic leaves this machine.
	await page.evaluate(() => localStorage.setItem('qrcall.iceServers', '[]'));
	await page.reload({ waitUntil: 'load' });
	// Puppeteer types evaluate() with variadic parameters; the call itself is the same.
	const evaluating = {
		evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
			page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<R>
	};
	return { driver: new AppDriver(evaluating), close: () => firefox.close() };
}

async function chromiumSide(browser: Browser): Promise<Side> {
	const context = await browser.newContext();
	const page = await context.newPage();
	await page.addInitScript(observePeers);
	await page.goto('/');
	return { driver: new AppDriver(page), close: () => context.close() };
}

async function lateCall(caller: Side, joiner: Side): Promise<void> {
	try {
		const offer = await caller.driver.startCall();
		const answer = await joiner.driver.answerCall(offer);
		await new Promise((r) => setTimeout(r, lateMs));
		await caller.driver.pasteCode(answer);
		await caller.driver.waitForState('Connected');
		await joiner.driver.waitForState('Connected');
		await caller.driver.waitForRemoteVideo();
		await joiner.driver.waitForRemoteVideo();
	} finally {
		await caller.close();
		await joiner.close();
	}
}

test.describe('calls across browsers with the answer carried back 30 s late', () => {
	test.describe.configure({ timeout: lateMs + 240_000 });

	test('Chromium caller, Firefox joiner', async ({ browser }) => {
		await lateCall(await chromiumSide(browser), await firefoxSide());
	});

	test('Firefox caller, Chromium joiner', async ({ browser }) => {
		await lateCall(await firefoxSide(), await chromiumSide(browser));
	});

	test('Firefox caller, Firefox joiner', async () => {
		await lateCall(await firefoxSide(), await firefoxSide());
	});
});
