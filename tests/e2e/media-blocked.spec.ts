// A permission refused: in a Chromium without the fake permission prompt, a permission not granted is refused
// as a user's "Block" would be.
import { chromium, type Browser } from '@playwright/test';
import { appOrigin, chromiumArgs, chromiumPath } from './browsers';
import { answerCall, expectConnected, openApp, pasteCode, startCall } from './call-helpers';
import { expect, test } from './fixtures';

let own: Browser | undefined;
test.afterEach(async () => {
	await own?.close();
	own = undefined;
});

function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath,
		args: chromiumArgs().filter((arg) => arg !== '--use-fake-ui-for-media-stream')
	});
}

test('with the microphone blocked, the other side is told it is off (not "on" over silence)', async ({
	browser
}) => {
	own = await launch();
	const joiner = await (await own.newContext({ baseURL: appOrigin, permissions: ['camera'] })).newPage();
	const caller = await (await browser.newContext()).newPage();
	await openApp(caller);
	await openApp(joiner);
	await expect(joiner.getByText('The microphone is blocked', { exact: false }).first()).toBeAttached({
		timeout: 15_000
	});
	await pasteCode(caller, await answerCall(joiner, await startCall(caller)));
	await expectConnected(caller);
	await expectConnected(joiner);
	// The caller's tile of the joiner says "Muted"; the joiner cannot "unmute" a microphone it does not have.
	await expect(caller.getByText('Muted', { exact: true })).toBeVisible({ timeout: 10_000 });
	await expect(joiner.getByRole('button', { name: 'Mute microphone' })).toBeDisabled();
});
