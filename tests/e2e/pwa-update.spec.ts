// The update flow against a real server whose files change: the built app is copied to a temporary directory
// and served by the same static server the network tests use; "publishing a new version" rewrites sw.js there.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFile, cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answerCall, expectConnected, expectMediaFlowing, pasteCode, startCall } from './call-helpers';
import { expect, test, type Page } from './fixtures';
import { installApp } from './pwa-helpers';

const port = 4181;
const origin = `http://127.0.0.1:${port}`;

declare global {
	interface Window {
		__sameDocument?: boolean;
	}
}

async function serve(root: string): Promise<ChildProcess> {
	const server = spawn(process.execPath, ['tests/e2e/netns/static-server.mjs', root, String(port)], {
		stdio: ['ignore', 'pipe', 'inherit']
	});
	await new Promise<void>((ready, fail) => {
		server.stdout?.on('data', (chunk: Buffer) => {
			if (chunk.toString().includes('listening')) ready();
		});
		server.once('exit', (code) => fail(new Error(`static server exited (${code})`)));
	});
	return server;
}

function hasWaitingWorker(page: Page): Promise<boolean> {
	return page.evaluate(async () => !!(await navigator.serviceWorker.getRegistration())?.waiting);
}

test('a new version waits while a call is under way, is offered after it, and loads only on the user’s click', async ({
	browser
}) => {
	test.slow();
	const root = await mkdtemp(join(tmpdir(), 'qrcall-update-'));
	await cp('build', root, { recursive: true });
	const server = await serve(root);
	try {
		const caller = await (await browser.newContext({ baseURL: origin })).newPage();
		const joiner = await (await browser.newContext({ baseURL: origin })).newPage();
		// Installed on an earlier visit: this visit is the service worker's (a first visit is not controlled,
		// and a new worker would then simply take over).
		for (const page of [caller, joiner]) {
			await installApp(page);
			await page.reload();
			expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		}
		const offer = await startCall(caller);
		await pasteCode(caller, await answerCall(joiner, offer));
		await expectConnected(caller);
		await caller.evaluate(() => (window.__sameDocument = true));

		// Publish a new version (browsers compare the worker script byte for byte), and let the caller find it
		// now rather than at the app's hourly check.
		await appendFile(join(root, 'sw.js'), '\n// the next version\n');
		await caller.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
		await expect.poll(() => hasWaitingWorker(caller), { timeout: 30_000 }).toBe(true);

		// The new version is ready, but the call goes on in the same document, with nothing offered over it.
		const update = caller.getByRole('button', { name: 'Update available — reload' });
		await expectMediaFlowing(caller);
		await expect(update).toHaveCount(0);
		expect(await caller.evaluate(() => window.__sameDocument)).toBe(true);

		// Once the call is over, the offer appears; still nothing reloads until the click.
		await caller.getByRole('button', { name: 'Hang up' }).click();
		await expect(caller.getByRole('heading', { name: 'Call ended' })).toBeVisible();
		await expect(update).toBeVisible();
		expect(await caller.evaluate(() => window.__sameDocument)).toBe(true);

		const reloaded = caller.waitForEvent('framenavigated', { timeout: 30_000 });
		await update.click();
		await reloaded;
		await caller.waitForLoadState();
		expect(await caller.evaluate(() => window.__sameDocument ?? false)).toBe(false);
		await expect(caller.getByRole('button', { name: 'Start a call' })).toBeVisible();
		// The new worker is the active one and controls the page: nothing is waiting any more.
		expect(await hasWaitingWorker(caller)).toBe(false);
		expect(await caller.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
		await expect(update).toHaveCount(0);
	} finally {
		server.kill('SIGKILL');
		await rm(root, { recursive: true, force: true });
	}
});
