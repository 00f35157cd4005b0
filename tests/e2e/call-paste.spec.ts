import type { Page } from '@playwright/test';
import { appOrigin } from './browsers';
import { expect, test } from './fixtures';
import {
	answerCall,
	cameraEncodings,
	expectCallUp,
	expectConnected,
	noteMediaElements,
	openApp,
	pasteCode,
	startCall,
	twoDevices
} from './call-helpers';

/** How much the camera's sender scales its frames down (rtc/start-resolution.ts), per open connection. */
async function cameraScale(page: Page): Promise<number[]> {
	return (await cameraEncodings(page)).map((encoding) => encoding.scaleResolutionDownBy ?? 0);
}

test('a call through pasted codes connects with video and audio both ways, and hang-up ends it on both sides', async ({
	browser
}) => {
	const { caller, joiner } = await twoDevices(browser);

	const offer = await startCall(caller);
	// The text form: lower-case origin (linkifiers), the code in the alphabet of docs/signal-format.md §1.
	expect(offer).toMatch(new RegExp(`^${appOrigin.replace(/\./g, '\\.')}/#[0-9A-Z+\\-/:]*[0-9A-Z]$`));
	const answer = await answerCall(joiner, offer);
	await pasteCode(caller, answer);

	await expectCallUp(caller, joiner);
	// Each camera starts at the encoder's start size and goes full size once the link affords it (≤ 10 s).
	for (const page of [caller, joiner]) {
		await expect.poll(() => cameraScale(page), { timeout: 15_000 }).toEqual([1]);
	}

	await joiner.getByRole('button', { name: 'Hang up' }).click();
	await expect(joiner.getByRole('heading', { name: 'Call ended' })).toBeVisible();
	// The joiner's own hang-up, though the caller's closing reaches it before its bye's flush timer ends.
	await expect(joiner.getByText('You hung up.')).toBeVisible();
	await expect(caller.getByRole('heading', { name: 'Call ended' })).toBeVisible({ timeout: 5_000 });
	await expect(caller.getByText('The other person hung up.')).toBeVisible();
});

test("the other side's camera plays before the call screen renders, in the very <video> that screen then shows", async ({
	browser
}) => {
	// issue 18: a <video> made by the call screen's render missed the first decoded frame (ui/remote-video.ts).
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	await caller.addInitScript(noteMediaElements);
	await openApp(caller);
	await openApp(joiner);
	await pasteCode(caller, await answerCall(joiner, await startCall(caller)));
	await expectConnected(caller);

	const remote = caller.locator('video.remote-video');
	await expect.poll(() => remote.evaluate((video: HTMLVideoElement) => video.videoWidth)).toBeGreaterThan(0);
	const [streamAt, screenAt] = await remote.evaluate((video: HTMLVideoElement) => [
		Number(video.dataset.streamAt),
		performance.getEntriesByName('qrcall:in-call')[0]?.startTime ?? NaN
	]);
	expect(screenAt).toBeGreaterThan(0);
	expect(streamAt).toBeLessThan(screenAt);
	expect(await remote.evaluate((video: HTMLVideoElement) => video.paused)).toBe(false);
});

test('opening the caller link in another browser lands on the answer step with the code read', async ({
	browser
}) => {
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	await openApp(caller);
	const offer = await startCall(caller);

	// Chat apps often lower-case links; the code must survive it.
	await openApp(joiner, '/' + new URL(offer.toLowerCase()).hash);
	await expect(joiner.getByRole('heading', { name: 'Call code read' })).toBeVisible();
	await joiner.getByRole('button', { name: 'Answer' }).click();
	const box = joiner.getByRole('textbox', { name: 'Your code' });
	await expect(box).toHaveValue(/#/);
	await pasteCode(caller, await box.inputValue());
	await expectConnected(caller);
	await expectConnected(joiner);
});

test('when the other device leaves, the call ends with a way back: how to call again, and joining is one tap', async ({
	browser
}) => {
	const { caller, joiner } = await twoDevices(browser);
	await pasteCode(caller, await answerCall(joiner, await startCall(caller)));
	await expectConnected(joiner);

	// A closed tab sends no hang-up: the channel closing is what the joiner sees.
	await caller.close();
	await expect(joiner.getByRole('heading', { name: 'Call ended' })).toBeVisible({ timeout: 10_000 });
	await expect(joiner.getByText('The other device left the call.')).toBeVisible();
	await expect(joiner.getByText('one of you starts a new call and the other joins it')).toBeVisible();
	await joiner.getByRole('button', { name: 'Join a call' }).click();
	await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toBeVisible();
});
