import { createHash, randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { closeCall, connectCall } from './in-call-helpers';

const framesDecoded = (page: Page) =>
	page
		.locator('video.remote-video')
		.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);

/** SHA-256 of the file the receiver saves through its "Save" link (a real download). */
async function savedHash(page: Page, name: string): Promise<string> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: `Save ${name}` }).click()
	]);
	const path = await download.path();
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

test('a 50 MB file arrives with its hash checked while the video keeps decoding; a cancel midway on the receiver leaves both sides usable', async ({
	browser
}, testInfo) => {
	test.setTimeout(300_000);
	const bigPath = testInfo.outputPath('random-50mb.bin');
	const data = randomBytes(50 * 1024 * 1024);
	writeFileSync(bigPath, data);
	const expected = createHash('sha256').update(data).digest('hex');
	// Sparse, so creating it costs nothing; big enough that the cancel lands midway even on a fast machine.
	const hugePath = testInfo.outputPath('zeros-1gb.bin');
	const fd = openSync(hugePath, 'w');
	ftruncateSync(fd, 1024 * 1024 * 1024);
	closeSync(fd);
	const smallPath = testInfo.outputPath('note.txt');
	writeFileSync(smallPath, 'still works\n');

	const call = await connectCall(browser);
	const { caller, joiner } = call;
	await expect.poll(() => framesDecoded(joiner), { timeout: 20_000 }).toBeGreaterThan(0);
	await caller.getByRole('button', { name: 'Files' }).click();
	await joiner.getByRole('button', { name: 'Files' }).click();

	const framesBefore = await framesDecoded(joiner);
	await caller.getByLabel('Send files').setInputFiles(bigPath);
	const received = joiner.getByTestId('transfer').filter({ hasText: 'random-50mb.bin' });
	await expect(received).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
	await expect(caller.getByTestId('transfer').filter({ hasText: 'random-50mb.bin' })).toHaveAttribute(
		'data-status',
		'done',
		{ timeout: 15_000 }
	);
	expect(await savedHash(joiner, 'random-50mb.bin')).toBe(expected);
	// The video kept decoding during the transfer (the fake camera runs at ~20–30 fps).
	expect(await framesDecoded(joiner)).toBeGreaterThan(framesBefore + 10);

	// A huge file, cancelled by the receiver once bytes are flowing.
	await caller.getByLabel('Send files').setInputFiles(hugePath);
	const incoming = joiner.getByTestId('transfer').filter({ hasText: 'zeros-1gb.bin' });
	await expect(incoming).toHaveAttribute('data-status', 'receiving', { timeout: 20_000 });
	await expect(incoming.getByText(/^[1-9][\d.]* MB of/)).toBeVisible({ timeout: 20_000 });
	await incoming.getByRole('button', { name: /^Cancel/ }).click();
	await expect(incoming).toHaveAttribute('data-status', 'cancelled');
	await expect(caller.getByTestId('transfer').filter({ hasText: 'zeros-1gb.bin' })).toHaveAttribute(
		'data-status',
		'cancelled',
		{ timeout: 15_000 }
	);

	// Both sides still work: a new file goes through, in the other direction too, and video still plays.
	await joiner.getByLabel('Send files').setInputFiles(smallPath);
	await expect(caller.getByTestId('transfer').filter({ hasText: '↓ note.txt' })).toHaveAttribute(
		'data-status',
		'done',
		{ timeout: 20_000 }
	);
	const framesAfterCancel = await framesDecoded(caller);
	await expect.poll(() => framesDecoded(caller), { timeout: 10_000 }).toBeGreaterThan(framesAfterCancel);
	await closeCall(call);
});
