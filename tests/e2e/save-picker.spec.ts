// Issue 14 §5: "Save as…" streams a received file from the Origin Private File System into a place the person
// picks, and removes the stored copy once written. Headless Chromium cannot show the real save picker, so the
// page's window.showSaveFilePicker is replaced (init script) by one that "picks" a real file handle in the
// page's own OPFS: the handle, its createWritable() and the streaming are the browser's real ones; only the
// dialog is not. The file comes from a foreign peer (node-datachannel) speaking the app's file protocol.
import { createHash, randomBytes } from 'node:crypto';
import { expect, test, type Page } from './fixtures';
import { expectConnected, openApp, pasteCode, startCall } from './call-helpers';
import { ForeignPeer } from './foreign-peer';

declare global {
	interface Window {
		/** What the stub picker does next: pick a real file, act as if closed, or return a broken handle. */
		__picker?: { next: 'pick' | 'close' | 'broken'; asked: string[] };
	}
}

function stubSavePicker(): void {
	const picker: NonNullable<Window['__picker']> = { next: 'pick', asked: [] };
	window.__picker = picker;
	Object.assign(window, {
		async showSaveFilePicker(options: { suggestedName: string }) {
			picker.asked.push(options.suggestedName);
			if (picker.next === 'close') throw new DOMException('The user aborted a request.', 'AbortError');
			if (picker.next === 'broken') {
				return {
					name: 'broken',
					createWritable: () => Promise.reject(new DOMException('No space left', 'QuotaExceededError'))
				};
			}
			const root = await navigator.storage.getDirectory();
			return root.getFileHandle(`picked-${options.suggestedName}`, { create: true });
		}
	});
}

/** Files under the app's transfer storage (rtc/transfer/storage.ts), all tabs. */
function storedFiles(page: Page): Promise<number> {
	return page.evaluate(async () => {
		type Dir = FileSystemDirectoryHandle & { values(): AsyncIterable<FileSystemHandle> };
		const count = async (dir: Dir): Promise<number> => {
			let n = 0;
			for await (const entry of dir.values())
				n += entry.kind === 'file' ? 1 : await count(entry as FileSystemDirectoryHandle as Dir);
			return n;
		};
		const root = await navigator.storage.getDirectory();
		return count((await root.getDirectoryHandle('qrcall-files')) as Dir);
	});
}

/** SHA-256 of the file the stub picker handed out, read back from OPFS. */
function pickedSha256(page: Page, name: string): Promise<string> {
	return page.evaluate(async (name) => {
		const root = await navigator.storage.getDirectory();
		const file = await (await root.getFileHandle(`picked-${name}`)).getFile();
		const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()));
		return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('');
	}, name);
}

let peer: ForeignPeer;
test.afterEach(() => peer?.close());

test('"Save as…" streams a received file to the picked place and removes its stored copy; a closed picker or a failed write keeps it', async ({
	page
}) => {
	peer = new ForeignPeer();
	await page.addInitScript(stubSavePicker);
	await openApp(page);
	await pasteCode(page, await peer.answer(await startCall(page)));
	await expectConnected(page);
	await page.getByRole('button', { name: /^Files/ }).click();

	const data = randomBytes(2 * 1024 * 1024 + 777);
	expect(await peer.sendFile('report.bin', data)).toBe(true);
	const item = page.getByTestId('transfer').filter({ hasText: 'report.bin' });
	await expect(item).toHaveAttribute('data-status', 'done');
	expect(await storedFiles(page)).toBe(1);
	const saveAs = item.getByRole('button', { name: 'Save as… report.bin' });

	// Closed picker: nothing changes.
	await page.evaluate(() => (window.__picker!.next = 'close'));
	await saveAs.click();
	await expect.poll(() => page.evaluate(() => window.__picker!.asked)).toEqual(['report.bin']);
	await expect(item.getByRole('link', { name: 'Save report.bin' })).toBeVisible();
	await expect(item.locator('.error')).toHaveCount(0);

	// A write that fails says so, and keeps both ways to save.
	await page.evaluate(() => (window.__picker!.next = 'broken'));
	await saveAs.click();
	await expect(item.locator('.error')).toHaveText(
		'The file could not be written there. Pick another place with “Save as…”, or use Save to download it.'
	);
	await expect(item.getByRole('link', { name: 'Save report.bin' })).toBeVisible();
	expect(await storedFiles(page)).toBe(1);

	// Picked: written whole, the stored copy gone, and the item says where it went.
	await page.evaluate(() => (window.__picker!.next = 'pick'));
	await saveAs.click();
	await expect(item.getByText('Saved as picked-report.bin')).toBeVisible();
	await expect(item.locator('.error')).toHaveCount(0);
	await expect(item.getByRole('link', { name: 'Save report.bin' })).toHaveCount(0);
	expect(await pickedSha256(page, 'report.bin')).toBe(createHash('sha256').update(data).digest('hex'));
	await expect.poll(() => storedFiles(page)).toBe(0);
});
