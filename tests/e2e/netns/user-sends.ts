// The user's own messages during an outage (issue 15, src/lib/rtc/hold.ts): while "Reconnecting…" shows, each
// side sends a chat message and a sends a small file. Nothing may go into the dead link (the spec's
// sentWhileDown); the UI says each is waiting; after the return each crosses exactly once and the file checks out.
import { expect, type Page, type TestInfo } from '@playwright/test';
import { stateLog } from './trace';

export const chatWhileDown = {
	a: 'Typed on a while the link was down',
	b: 'Typed on b while the link was down'
};
/** The waiting states show at once; short, so that a run whose hold failed still ends its steps in the outage. */
const shortly = { timeout: 2_000 };
/** Small enough to go in a few chunks, large enough to need more than one (64 KiB chunks). */
const fileWhileDown = {
	name: 'sent-while-down.txt',
	mimeType: 'text/plain',
	buffer: Buffer.alloc(150_000, 'q')
};

/** The screen as a phone and a laptop show it now, attached to the test's report (then back to the laptop). */
async function shots(page: Page, info: TestInfo, what: string) {
	for (const [width, height] of [
		[390, 844],
		[1280, 720]
	] as const) {
		await page.setViewportSize({ width, height });
		const path = info.outputPath(`${what}-${width}x${height}.png`);
		await page.screenshot({ path });
		await info.attach(`${what} ${width}×${height}`, { path, contentType: 'image/png' });
	}
}

/** While the link is down: a chat message from each side and a file from a, each shown as waiting. */
export async function sendWhileDown(a: Page, b: Page, info: TestInfo): Promise<void> {
	for (const [page, text] of [
		[a, chatWhileDown.a],
		[b, chatWhileDown.b]
	] as const) {
		await page.getByRole('button', { name: /^Chat/ }).click();
		await page.getByLabel('Message', { exact: true }).fill(text);
		await page.getByRole('button', { name: 'Send', exact: true }).click();
		// Soft: a run whose hold failed goes on, to show what then went into the dead link and what came back.
		await expect.soft(page.getByTestId('chat-queued')).toHaveText('Sending when reconnected', shortly);
	}
	await shots(a, info, 'chat-queued');
	await a.getByRole('button', { name: 'Files' }).click();
	await a.getByLabel('Send files').setInputFiles(fileWhileDown);
	const item = a.getByTestId('transfer');
	await expect.soft(item).toHaveAttribute('data-paused', 'true', shortly);
	await expect.soft(item.locator('.status')).toHaveText('Paused until reconnected', shortly);
	await shots(a, info, 'file-paused');
}

/** Chat messages of the trace (`send`/`recv` lines on the control channel). */
const chatLines = async (page: Page, way: 'send' | 'recv') =>
	(await stateLog(page)).filter((line) => new RegExp(`^\\d+ ${way} qrcall chat\\b`).test(line));

/** Opens the chat panel unless it is open (its button toggles it). */
async function openChat(page: Page) {
	if (!(await page.getByLabel('Message', { exact: true }).isVisible()))
		await page.getByRole('button', { name: /^Chat/ }).click();
}

/** After the return: the file checked out, and each chat message crossed the wire exactly once and shows once. */
export async function expectDeliveredOnce(a: Page, b: Page): Promise<void> {
	// a's Files panel is still open: the file went on and the other side's SHA-256 verdict came back.
	await expect(a.getByTestId('transfer')).toHaveAttribute('data-status', 'done', { timeout: 15_000 });
	for (const page of [a, b]) await openChat(page);
	for (const [from, to, text] of [
		[a, b, chatWhileDown.a],
		[b, a, chatWhileDown.b]
	] as const) {
		await expect(to.getByText(text, { exact: true })).toHaveCount(1, { timeout: 10_000 });
		await expect(from.getByText(text, { exact: true })).toHaveCount(1);
		await expect(from.getByTestId('chat-queued')).toHaveCount(0);
		expect(await chatLines(from, 'send'), 'the sender put it on the channel once').toHaveLength(1);
		expect(await chatLines(to, 'recv'), 'the receiver got it once').toHaveLength(1);
	}
	await b.getByRole('button', { name: 'Files' }).click();
	const received = b.getByTestId('transfer');
	await expect(received).toHaveCount(1);
	await expect(received).toHaveAttribute('data-status', 'done');
}
