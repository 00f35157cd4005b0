import { test, type Browser } from './fixtures';
import { AppDriver } from './app-driver';
import { appOrigin } from './browsers';
import { observePeers } from './call-helpers';
import { launchFirefox } from './firefox';

// People need tens of seconds to carry the answer back; every pairing must survive it.
const lateMs = 30_000;
// Issue 13 §6: the answer may come back minutes later. Both mixed pairings wait out the same 120 s, side by side.
const veryLateMs = 120_000;
const appUrl = `${appOrigin}/`;

interface Side {
	driver: AppDriver;
	close(): Promise<void>;
}

async function firefoxSide(): Promise<Side> {
	const firefox = await launchFirefox();
	const page = await firefox.newPage(appUrl);
	// The same init script as Chromium's: no public STUN server, and each RTCPeerConnection kept for getStats().
	await page.evaluateOnNewDocument(observePeers);
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

/** Caller shows its code, joiner answers: returns the answer, not yet carried back. */
async function exchangeUntilAnswer(caller: Side, joiner: Side): Promise<string> {
	const offer = await caller.driver.startCall();
	return joiner.driver.answerCall(offer);
}

/** The caller pastes the answer; both ends must say Connected, receive video and audio, and show the other speaking. */
async function completeCall(caller: Side, joiner: Side, answer: string): Promise<number> {
	const applied = Date.now();
	await caller.driver.pasteCode(answer);
	await caller.driver.waitForState('Connected');
	await joiner.driver.waitForState('Connected');
	const connectedMs = Date.now() - applied;
	for (const side of [caller, joiner]) {
		await side.driver.waitForRemoteVideo();
		await side.driver.waitForRemoteAudio();
		await side.driver.waitForSpeaking();
	}
	return connectedMs;
}

async function lateCall(caller: Side, joiner: Side): Promise<void> {
	try {
		const answer = await exchangeUntilAnswer(caller, joiner);
		await new Promise((r) => setTimeout(r, lateMs));
		await completeCall(caller, joiner, answer);
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

test('@slow Chromium→Firefox and Firefox→Chromium, side by side, connect with media both ways when the answer comes 120 s late', async ({
	browser
}) => {
	test.setTimeout(veryLateMs + 240_000);
	const sides: Side[] = [];
	const side = async (make: () => Promise<Side>) => {
		const made = await make();
		sides.push(made);
		return made;
	};
	try {
		const pairs = [
			{
				name: 'Chromium→Firefox',
				caller: await side(() => chromiumSide(browser)),
				joiner: await side(firefoxSide)
			},
			{
				name: 'Firefox→Chromium',
				caller: await side(firefoxSide),
				joiner: await side(() => chromiumSide(browser))
			}
		];
		const answers = await Promise.all(pairs.map((p) => exchangeUntilAnswer(p.caller, p.joiner)));
		await new Promise((r) => setTimeout(r, veryLateMs));
		const connected = await Promise.all(
			pairs.map((p, i) => completeCall(p.caller, p.joiner, answers[i] ?? ''))
		);
		pairs.forEach((p, i) =>
			test.info().annotations.push({
				type: `${p.name} connected after answer (ms)`,
				description: String(connected[i])
			})
		);
	} finally {
		await Promise.all(sides.map((s) => s.close()));
	}
});
