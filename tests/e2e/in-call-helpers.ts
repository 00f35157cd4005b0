// Shared setup for the in-call specs: two browser contexts connected through the real UI.
import { expect, type Browser, type Page } from '@playwright/test';
import { answerCall, expectConnected, openApp, pasteCode, startCall } from './call-helpers';

export interface Call {
	caller: Page;
	joiner: Page;
}

export async function connectCall(
	browser: Browser,
	viewport?: { width: number; height: number }
): Promise<Call> {
	const caller = await (await browser.newContext({ viewport })).newPage();
	const joiner = await (await browser.newContext({ viewport })).newPage();
	await openApp(caller);
	await openApp(joiner);
	const offer = await startCall(caller);
	const answer = await answerCall(joiner, offer);
	await pasteCode(caller, answer);
	await expectConnected(caller);
	await expectConnected(joiner);
	return { caller, joiner };
}

export async function safetyCode(page: Page): Promise<string> {
	const code = page.getByTestId('safety-code');
	await expect(code).toHaveText(/^\d{3} \d{3}$/, { timeout: 15_000 });
	return (await code.textContent()) ?? '';
}

export async function closeCall(call: Call): Promise<void> {
	await call.caller.context().close();
	await call.joiner.context().close();
}
