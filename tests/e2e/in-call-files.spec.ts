import { createHash, randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { decodedFreeze, sampleDecodedFrames } from './frames';
import { closeCall, connectCall } from './in-call-helpers';

const framesDecoded = (page: Page) =>
	page
		.locator('video.remote-video')
		.evaluate((v: HTMLVideoElement) => v.getVideoPlaybackQuality().totalVideoFrames);

/** The longest the video may stand still at the receiver while a file arrives (issue 18). */
const maxFreezeMs = 500;
/** How long the same call is watched without a transfer, for the reference freeze beside the measured one. */
const referenceWindowMs = 10_000;

/** How often the receiver's decoded frames are counted while a file arrives. */
const sampleEveryMs = 50;

/** SHA-256 of the file the receiver saves through its "Save" link (a real download). */
async function savedHash(page: Page, name: string): Promise<string> {
	const [download] = await Promise.all([
		page.waitForEvent('download'),
		page.getByRole('link', { name: `Save ${name}` }).click()
	]);
	const path = await download.path();
	return createHash('sha256').update(readFileSync(path)).digest('hex');
}

test('a 50 MB file arrives checked part by part, its standard SHA-256 shown on request on both sides, the video never freezing > 500 ms; a cancel midway on the receiver leaves both sides usable', async ({
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

	// The reference: the same call, no transfer. On an overloaded machine (seen here at load 40 on 2 cores) the
	// video already stands still > 500 ms with nothing sent; the transfer must then add no longer freeze.
	await sampleDecodedFrames(joiner, sampleEveryMs);
	await joiner.waitForTimeout(referenceWindowMs);
	const reference = await decodedFreeze(joiner);
	await sampleDecodedFrames(joiner, sampleEveryMs);
	await caller.getByLabel('Send files').setInputFiles(bigPath);
	const received = joiner.getByTestId('transfer').filter({ hasText: 'random-50mb.bin' });
	await expect(received).toHaveAttribute('data-status', 'done', { timeout: 180_000 });
	await expect(caller.getByTestId('transfer').filter({ hasText: 'random-50mb.bin' })).toHaveAttribute(
		'data-status',
		'done',
		{ timeout: 15_000 }
	);
	const freeze = await decodedFreeze(joiner, true);
	testInfo.annotations.push({
		type: 'longest freeze',
		description: `${freeze.longestMs} ms during 50 MB; ${reference.longestMs} ms in ${referenceWindowMs} ms without`
	});
	expect(reference.frames).toBeGreaterThan(0);
	expect(freeze.frames).toBeGreaterThan(0);
	expect(freeze.longestMs).toBeLessThanOrEqual(Math.max(maxFreezeMs, reference.longestMs));
	// The SHA-256 each side computes when asked is the file's standard one (what sha256sum prints): the
	// receiver's from its stored copy, the sender's from the picked file. The saved bytes match it.
	const sent = caller.getByTestId('transfer').filter({ hasText: 'random-50mb.bin' });
	for (const item of [received, sent]) {
		await expect(item.getByTestId('sha256')).toHaveCount(0);
		await item.getByText('SHA-256').click();
		await expect(item.getByTestId('sha256')).toHaveText(expected, { timeout: 20_000 });
	}
	await expect(joiner.getByTestId('files-announcer')).toHaveText(
		'Received random-50mb.bin, checked with SHA-256. Save it from Files.'
	);
	expect(await savedHash(joiner, 'random-50mb.bin')).toBe(expected);

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
	await expect(joiner.getByTestId('files-announcer')).toHaveText('Receiving zeros-1gb.bin was cancelled.');
	await expect(caller.getByTestId('files-announcer')).toHaveText('Sending zeros-1gb.bin was cancelled.');

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

/** The received files in this page's Origin Private File System: folder/name → size. */
function storedFiles(page: Page): Promise<Record<string, number>> {
	return page.evaluate(async () => {
		type Dir = FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> };
		const out: Record<string, number> = {};
		let root: Dir;
		try {
			root = (await (await navigator.storage.getDirectory()).getDirectoryHandle('qrcall-files')) as Dir;
		} catch {
			return out;
		}
		try {
			for await (const [dir, handle] of root.entries()) {
				if (handle.kind !== 'directory') continue;
				for await (const [name, file] of (handle as Dir).entries())
					if (file.kind === 'file')
						out[`${dir}/${name}`] = (await (file as FileSystemFileHandle).getFile()).size;
			}
		} catch {
			// Removed while listed (the sweep at start runs meanwhile): a value no poll expects, so it asks again.
			return { 'changing…': -1 };
		}
		return out;
	});
}

/** Opens a raw file channel from the caller's connection and sends what a broken or hostile peer would. */
function sendRaw(page: Page, id: string, messages: (string | number)[]): Promise<string[]> {
	return page.evaluate(
		async ({ id, messages }) => {
			const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState === 'connected');
			if (!pc) throw new Error('no connected peer');
			const channel = pc.createDataChannel(`file:${id}`, { ordered: true });
			const replies: string[] = [];
			channel.onmessage = ({ data }) => replies.push(String(data));
			await new Promise((r) => (channel.onopen = r));
			// A number stands for that many binary bytes.
			for (const m of messages) {
				if (typeof m === 'number') channel.send(new Uint8Array(m));
				else channel.send(m);
			}
			// The app closes the channel after its answer; one that never comes fails on the replies, not a timeout.
			await new Promise((r) => {
				channel.onclose = r;
				setTimeout(r, 10_000);
			});
			return replies;
		},
		{ id, messages }
	);
}

test('a peer that breaks the file protocol gets a message a person understands; received files live in storage until the call ends, and a crashed call’s files go at the next start', async ({
	browser
}, testInfo) => {
	const call = await connectCall(browser);
	const { caller, joiner } = call;
	await joiner.getByRole('button', { name: 'Files' }).click();
	const header = JSON.stringify({ t: 'header', v: 3, name: 'small.txt', size: 3, type: 'text/plain' });

	expect(await sendRaw(caller, 'raw-1', [10])).toEqual(['{"t":"cancel","reason":"protocol"}']);
	const first = joiner.getByTestId('transfer').nth(0);
	await expect(first).toHaveAttribute('data-status', 'failed');
	await expect(first.locator('.error')).toHaveText(
		'The file’s data arrived before its name and size, so it could not be received. Ask the other person to send it again.'
	);
	await expect(joiner.getByTestId('files-announcer')).toHaveText(
		/^Receiving a file failed\. The file’s data arrived before/
	);

	expect(await sendRaw(caller, 'raw-2', [header, 10])).toEqual(['{"t":"cancel","reason":"protocol"}']);
	const second = joiner.getByTestId('transfer').filter({ hasText: 'small.txt' });
	await expect(second).toHaveAttribute('data-status', 'failed');
	await expect(second.locator('.error')).toHaveText(
		'More data arrived than the file’s announced size, so it was not kept. Ask the other person to send it again.'
	);
	await expect(joiner.getByTestId('files-announcer')).toHaveText(
		'Receiving small.txt failed. More data arrived than the file’s announced size, so it was not kept. Ask the other person to send it again.'
	);

	// A part whose SHA-256 does not match fails the file at once, before the rest of it is sent.
	const twoParts = JSON.stringify({ t: 'header', v: 3, name: 'damaged.bin', size: 2 << 20, type: '' });
	const wrongPart = JSON.stringify({ t: 'part', sha256: 'ab'.repeat(32) });
	expect(await sendRaw(caller, 'raw-3', [twoParts, ...Array(16).fill(65_536), wrongPart])).toEqual([
		'{"t":"verdict","ok":false}'
	]);
	const damaged = joiner.getByTestId('transfer').filter({ hasText: 'damaged.bin' });
	await expect(damaged).toHaveAttribute('data-status', 'failed');
	await expect(damaged.locator('.error')).toHaveText(
		'The file arrived damaged (its SHA-256 did not match what was sent), so it was not kept. Send it again.'
	);

	// A sender of wire version 2 (the whole file's SHA-256 at its end) is told the versions differ.
	const v2 = JSON.stringify({ t: 'header', v: 2, name: 'old.txt', size: 3, type: 'text/plain' });
	expect(await sendRaw(caller, 'raw-4', [v2, 3])).toEqual(['{"t":"cancel","reason":"version"}']);
	await expect(joiner.getByTestId('transfer').nth(3).locator('.error')).toHaveText(
		'The other device runs an older version of qrcall. Reload qrcall on both devices, then send the file again.'
	);
	// A sender of a later wire version: this device is the one to update.
	const v4 = JSON.stringify({ t: 'header', v: 4, name: 'new.txt', size: 3, type: 'text/plain' });
	expect(await sendRaw(caller, 'raw-5', [v4, 3])).toEqual(['{"t":"cancel","reason":"version"}']);
	await expect(joiner.getByTestId('transfer').nth(4).locator('.error')).toHaveText(
		'The other device runs a newer version of qrcall. Update qrcall on this device (reload it while online), then ask for the file again.'
	);

	// A real file is kept in storage, not in memory, until the call ends.
	const note = testInfo.outputPath('note.txt');
	writeFileSync(note, 'stored on disk\n');
	await caller.getByRole('button', { name: 'Files' }).click();
	await caller.getByLabel('Send files').setInputFiles(note);
	await expect(joiner.getByTestId('transfer').filter({ hasText: 'note.txt' })).toHaveAttribute(
		'data-status',
		'done',
		{ timeout: 20_000 }
	);
	expect(Object.values(await storedFiles(joiner))).toEqual([15]);
	await joiner.getByRole('button', { name: 'Hang up' }).click();
	await expect.poll(() => storedFiles(joiner)).toEqual({});

	// A call that crashed left a folder behind: the next start removes it (no tab holds its lock).
	await joiner.evaluate(async () => {
		const root = await (
			await navigator.storage.getDirectory()
		).getDirectoryHandle('qrcall-files', {
			create: true
		});
		const dir = await root.getDirectoryHandle('crashed-tab', { create: true });
		const file = await dir.getFileHandle('half', { create: true });
		const writable = await file.createWritable();
		await writable.write('left over');
		await writable.close();
	});
	expect(await storedFiles(joiner)).toEqual({ 'crashed-tab/half': 9 });
	await joiner.reload();
	await expect.poll(() => storedFiles(joiner)).toEqual({});
	await closeCall(call);
});
