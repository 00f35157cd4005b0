import { expect, test } from './fixtures';
import { expectConnected, openApp, pasteCode, startCall } from './call-helpers';

test('wrong codes get a human message and lose nothing, before and during a call', async ({ browser }) => {
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	await openApp(caller);
	await openApp(joiner);
	const offer = await startCall(caller);

	// Join screen: garbage, then a cut-off code; the pasted text stays for correcting.
	await joiner.getByRole('button', { name: 'Join a call' }).click();
	await pasteCode(joiner, 'hello, are you there?');
	await expect(joiner.getByText(/not a qrcall code/i)).toBeVisible();
	await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toHaveValue('hello, are you there?');
	await pasteCode(joiner, offer.slice(0, -12));
	await expect(joiner.getByText(/cut off/i)).toBeVisible();

	// Caller's own code pasted where the answer belongs: it is an offer, not an answer.
	await pasteCode(caller, offer);
	await expect(caller.getByText(/not an answer/i)).toBeVisible();
	await expect(caller.getByRole('textbox', { name: 'Your code' })).toHaveValue(offer);

	await pasteCode(joiner, offer);
	await joiner.getByRole('button', { name: 'Answer' }).click();
	const answer = await joiner.getByRole('textbox', { name: 'Your code' }).inputValue();

	// An answer opened on a joining device: wrong role, and the joiner's own answer stays on screen.
	await joiner.evaluate((code) => (location.hash = new URL(code).hash), answer);
	await expect(joiner.getByText(/This is an answer/)).toBeVisible();
	await expect(joiner.getByRole('textbox', { name: 'Your code' })).toHaveValue(answer);

	await pasteCode(caller, answer);
	await expectConnected(caller);
	await expectConnected(joiner);

	// The caller's link opened again during the call: a message, and the call goes on.
	await joiner.evaluate((code) => (location.hash = new URL(code).hash), offer);
	await expect(joiner.getByText(/already in this call/i)).toBeVisible();
	await expectConnected(joiner);
	await expectConnected(caller);
});

test('a code of the right shape but a wrong checksum is reported as damaged, not used', async ({
	browser
}) => {
	const joiner = await (await browser.newContext()).newPage();
	await openApp(joiner);
	const errors: Error[] = [];
	joiner.on('pageerror', (error) => errors.push(error));
	await joiner.getByRole('button', { name: 'Join a call' }).click();
	await pasteCode(joiner, 'HTTPS://QRCALL.APP/#' + 'Z'.repeat(90));
	await expect(joiner.locator('#code-message')).not.toBeEmpty();
	await expect(joiner.getByRole('heading', { name: 'Call code read' })).toHaveCount(0);
	await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toBeEditable();
	expect(errors).toEqual([]);
});
