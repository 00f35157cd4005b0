// Bad input gets the exact sentence meant for it (a "not empty" check cannot tell "damaged" from "cut off"),
// and loses nothing: the pasted text, the code on screen and the call all stay.
import { readFileSync } from 'node:fs';
import { decode, encode } from '../../src/lib/signal';
import { SignalError } from '../../src/lib/signal/errors';
import { expect, test, type Page } from './fixtures';
import {
	answerCall,
	expectConnected,
	openApp,
	pasteCode,
	readMyCode,
	startCall,
	twoDevices
} from './call-helpers';

/** A real offer code with one character in its middle changed: the right shape, a wrong checksum. */
function damagedCode(): string {
	const sdp = readFileSync('tests/fixtures/sdp/chromium156-datachannel-offer.sdp', 'utf8');
	const code = encode({ type: 'offer', sdp }, { origin: 'https://qrcall.app/' });
	const at = code.indexOf('#') + Math.floor((code.length - code.indexOf('#')) / 2);
	const damaged = code.slice(0, at) + (code[at] === 'A' ? 'B' : 'A') + code.slice(at + 1);
	// Precondition: the codec itself calls it damaged (not cut off, not another version).
	try {
		decode(damaged);
	} catch (error) {
		if (error instanceof SignalError && error.code === 'ERR_CORRUPT') return damaged;
		throw error;
	}
	throw new Error('the damaged code decoded');
}

/** The one message on screen says exactly `text`. */
async function expectMessage(page: Page, text: string): Promise<void> {
	await expect(page.getByText(text, { exact: true })).toBeVisible();
}

test('wrong codes get a human message and lose nothing, before and during a call', async ({ browser }) => {
	const { caller, joiner } = await twoDevices(browser);
	const offer = await startCall(caller);

	// Join screen: garbage, then a cut-off code; the pasted text stays for correcting.
	await joiner.getByRole('button', { name: 'Join a call' }).click();
	await pasteCode(joiner, 'hello, are you there?');
	await expectMessage(joiner, 'This is not a qrcall code.');
	await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toHaveValue('hello, are you there?');
	await pasteCode(joiner, offer.slice(0, -12));
	await expectMessage(joiner, 'This code is cut off — copy the whole code.');

	// Caller's own code pasted where the answer belongs: it is an offer, not an answer.
	await pasteCode(caller, offer);
	await expectMessage(caller, 'This is a call code, not an answer — open it on the other device to join.');
	await expect(caller.getByRole('textbox', { name: 'Your code' })).toHaveValue(offer);

	await pasteCode(joiner, offer);
	await joiner.getByRole('button', { name: 'Answer' }).click();
	const answer = await readMyCode(joiner);

	// An answer opened on a joining device: wrong role, and the joiner's own answer stays on screen.
	await joiner.evaluate((code) => (location.hash = new URL(code).hash), answer);
	await expectMessage(joiner, 'This is an answer — scan it on the device that started the call.');
	await expect(joiner.getByRole('textbox', { name: 'Your code' })).toHaveValue(answer);

	await pasteCode(caller, answer);
	await expectConnected(caller);
	await expectConnected(joiner);

	// The caller's link opened again during the call: a message, and the call goes on.
	await joiner.evaluate((code) => (location.hash = new URL(code).hash), offer);
	await expectMessage(joiner, 'You are already in this call — the code was not needed.');
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
	await pasteCode(joiner, damagedCode());
	await expectMessage(joiner, 'This code is damaged — a character was changed. Copy it again.');
	await expect(joiner.getByRole('heading', { name: 'Call code read' })).toHaveCount(0);
	await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toBeEditable();
	expect(errors).toEqual([]);
});

test('a joiner still waiting when the caller’s code must have expired is told so, and what to do', async ({
	browser
}) => {
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	// The joiner's timers run on a clock the test can move: ten minutes pass in an instant.
	await joiner.clock.install();
	await openApp(caller);
	await openApp(joiner);
	const offer = await startCall(caller);
	await joiner.getByRole('button', { name: 'Join a call' }).click();
	await pasteCode(joiner, offer);
	await joiner.getByRole('button', { name: 'Answer' }).click();
	await readMyCode(joiner);
	const waiting = joiner.getByRole('status').filter({ hasText: 'Waiting for the caller' });
	await expect(waiting).toContainText(
		'Their code works for 10 minutes after it was made: if the call has not'
	);
	await expect(joiner.getByRole('button', { name: 'Join with a new code' })).toHaveCount(0);

	await joiner.clock.fastForward('10:01');
	await expectMessage(
		joiner,
		"The caller's code has expired by now, so this answer can no longer connect. Ask them to start a new call, then join it with the new code."
	);
	await joiner.getByRole('button', { name: 'Join with a new code' }).click();
	await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toBeVisible();
});

test('a caller whose code expired is told so, refuses the answer to it, and makes a new code', async ({
	browser
}) => {
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	// The caller's timers run on a clock the test can move: ten minutes pass in an instant.
	await caller.clock.install();
	await openApp(caller);
	await openApp(joiner);
	const offer = await startCall(caller);
	const answer = await answerCall(joiner, offer);
	const expired = caller.getByText('Your code expired. Make a new one and send it again.', { exact: true });
	await caller.clock.fastForward('09:50');
	await expect(caller).toHaveTitle(/^Your code/);
	await expect(expired).toHaveCount(0);

	await caller.clock.fastForward('00:11');
	await expect(expired).toBeVisible();
	await expect(caller).toHaveTitle(/^Code expired/);
	await pasteCode(caller, answer);
	await expectMessage(caller, 'Your call code expired. Make a new one and send it again.');
	await expect(caller.getByRole('status').filter({ hasText: /^Connected$/ })).toHaveCount(0);

	await caller.getByRole('button', { name: 'Make a new code' }).click();
	const code = caller.getByRole('textbox', { name: 'Your code' });
	await expect(code).toHaveValue(/#/, { timeout: 15_000 });
	await expect(code).not.toHaveValue(offer);
	await expect(expired).toHaveCount(0);
	await expect(caller).toHaveTitle(/^Your code/);
});
