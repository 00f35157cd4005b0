import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { closeCall, connectCall, costlyVideoAncestors, safetyCode } from './in-call-helpers';
import {
	answerCall,
	expectCallUp,
	expectMediaFlowing,
	noteMediaElements,
	openApp,
	pasteCode,
	startCall
} from './call-helpers';

test('chat messages arrive both ways with their time, and an unread badge counts them while the chat is closed', async ({
	browser
}) => {
	const call = await connectCall(browser);
	const { caller, joiner } = call;

	await caller.getByRole('button', { name: /^Chat/ }).click();
	const input = caller.getByRole('textbox', { name: 'Message' });
	await input.fill('Hello from the caller');
	await input.press('Enter');
	await input.fill('Second one');
	await caller.getByRole('button', { name: 'Send' }).click();
	await expect(input).toHaveValue('');

	// The joiner's chat is closed: a badge counts the two messages.
	await expect(joiner.getByTestId('unread')).toHaveText(/^2/, { timeout: 10_000 });
	await joiner.getByRole('button', { name: /^Chat/ }).click();
	await expect(joiner.getByTestId('unread')).toHaveCount(0);
	const log = joiner.getByRole('log', { name: 'Messages' });
	await expect(log.getByText('Hello from the caller')).toBeVisible();
	await expect(log.getByText('Second one')).toBeVisible();
	await expect(log.locator('time').first()).toHaveText(/\d{1,2}.\d{2}/);

	await joiner.getByRole('textbox', { name: 'Message' }).fill('Hi back');
	await joiner.getByRole('textbox', { name: 'Message' }).press('Enter');
	// The caller has the chat open: the reply appears, no badge.
	await expect(caller.getByRole('log', { name: 'Messages' }).getByText('Hi back')).toBeVisible({
		timeout: 10_000
	});
	await expect(caller.getByTestId('unread')).toHaveCount(0);

	// Escape closes the panel and gives focus back to its button.
	await caller.getByRole('textbox', { name: 'Message' }).press('Escape');
	await expect(caller.getByRole('log', { name: 'Messages' })).toHaveCount(0);
	await expect(caller.getByRole('button', { name: /^Chat/ })).toBeFocused();
	await closeCall(call);
});

test('the safety codes are equal on both sides of a direct call', async ({ browser }) => {
	const call = await connectCall(browser);
	const a = await safetyCode(call.caller);
	const b = await safetyCode(call.joiner);
	expect(a).toBe(b);
	await expect(call.caller.getByText(/if they differ, someone relayed your codes/)).toBeVisible();
	await closeCall(call);
});

test('the connection details show a host candidate pair for a loopback call and the SRTP cipher', async ({
	browser
}) => {
	const call = await connectCall(browser);
	const { caller } = call;
	await caller.getByRole('button', { name: 'Details' }).click();
	await expect(caller.getByTestId('local-candidate')).toHaveText(/^host · /, { timeout: 10_000 });
	await expect(caller.getByTestId('remote-candidate')).toHaveText(/^host · /);
	await expect(caller.getByTestId('srtp-cipher')).toHaveText(/\w{4,}/, { timeout: 10_000 });
	// Refreshed each second: the bitrate needs two reports, then shows a number in Intl's unit ("850 kb/s").
	const details = caller.getByRole('definition').filter({ hasText: /\d [kM]b\/s/ });
	await expect(details.first()).toBeVisible({ timeout: 10_000 });
	await closeCall(call);
});

test("the other side's mute, camera-off and audio-only state and its speaking are shown on its tile", async ({
	browser
}) => {
	const call = await connectCall(browser);
	const { caller, joiner } = call;
	await expect(caller.getByText('Muted', { exact: true })).toHaveCount(0);
	// The fake microphone beeps: the caller sees the joiner speaking.
	await expect(caller.getByTestId('speaking')).toBeVisible({ timeout: 20_000 });

	await joiner.getByRole('button', { name: 'Mute microphone' }).click();
	await expect(caller.getByText('Muted', { exact: true })).toBeVisible({ timeout: 10_000 });
	await joiner.getByRole('button', { name: 'Turn camera off' }).click();
	await expect(caller.getByText('Camera off', { exact: true })).toBeVisible({ timeout: 10_000 });
	// A camera with no picture is not drawn on either side (the compositor's cost, ui/SoloStage), while the
	// other side's sound keeps playing from that same <video>.
	await expect(caller.locator('video.remote-video')).toBeHidden();
	await expect(joiner.locator('video.self')).toBeHidden();
	expect(
		await caller.locator('video.remote-video').evaluate((v: HTMLVideoElement) => [v.paused, v.muted])
	).toEqual([false, false]);

	await joiner.getByRole('button', { name: 'Unmute microphone' }).click();
	await joiner.getByRole('button', { name: 'Turn camera on' }).click();
	await expect(caller.getByText('Muted', { exact: true })).toHaveCount(0, { timeout: 10_000 });
	await expect(caller.getByText('Camera off', { exact: true })).toHaveCount(0);
	await expect(caller.locator('video.remote-video')).toBeVisible();
	await expect(joiner.locator('video.self')).toBeVisible();
	expect(await costlyVideoAncestors(caller)).toEqual([]);

	// Audio only drops the camera track altogether: the other side shows it as camera off too.
	await joiner.getByRole('button', { name: 'Audio only' }).click();
	await expect(joiner.getByRole('button', { name: 'Audio only' })).toHaveAttribute('aria-pressed', 'true');
	await expect(caller.getByText('Camera off', { exact: true })).toBeVisible({ timeout: 10_000 });
	await expect(caller.locator('video.remote-video')).toBeHidden();
	await expect(joiner.locator('video.self')).toBeHidden();
	await joiner.getByRole('button', { name: 'Audio only' }).click();
	await expect(caller.getByText('Camera off', { exact: true })).toHaveCount(0, { timeout: 10_000 });
	await closeCall(call);
});

test('picture in picture floats the other side’s video once it plays, and the same button brings it back', async ({
	browser
}) => {
	const call = await connectCall(browser);
	const { caller } = call;
	const pip = caller.getByRole('button', { name: 'Picture in picture' });
	await expectMediaFlowing(caller);
	await expect(pip).toBeEnabled();
	await pip.click();
	await expect(pip).toHaveAttribute('aria-pressed', 'true');
	expect(
		await caller.evaluate(() => document.pictureInPictureElement?.classList.contains('remote-video'))
	).toBe(true);
	await pip.click();
	await expect(pip).toHaveAttribute('aria-pressed', 'false');
	expect(await caller.evaluate(() => document.pictureInPictureElement)).toBeNull();
	await closeCall(call);
});

/** "on page <first class> <track kinds>" for each media element that still holds a stream. */
function streamHolders(page: Page): Promise<string[]> {
	return page.evaluate(() =>
		(window.__mediaElements ?? [])
			.filter((e) => e.srcObject instanceof MediaStream)
			.map((e) => {
				const kinds = (e.srcObject as MediaStream).getTracks().map((t) => t.kind);
				return `${e.isConnected ? 'on page' : 'off page'} ${e.classList[0] ?? '(no class)'} ${kinds.sort().join('+')}`;
			})
			.sort()
	);
}

test('in a call, only the other side’s video holds a microphone: our own pictures hold the camera alone', async ({
	browser
}) => {
	// Each element that holds an audio track keeps an audio output stream running, muted, paused or off the
	// page (ui/attach.ts): the self view and the previews of the screens before the call did, all call long.
	const [caller, joiner] = [
		await (await browser.newContext()).newPage(),
		await (await browser.newContext()).newPage()
	];
	for (const page of [caller, joiner]) {
		await page.addInitScript(noteMediaElements);
		await openApp(page);
	}
	await pasteCode(caller, await answerCall(joiner, await startCall(caller)));
	await expectCallUp(caller, joiner);
	// Nothing off the page holds a stream but LocalMedia's own consumer of the camera (media/track-slots).
	for (const page of [caller, joiner])
		await expect
			.poll(() => streamHolders(page))
			.toEqual(['off page (no class) video', 'on page remote-video audio+video', 'on page self video']);
	await closeCall({ caller, joiner });
});
