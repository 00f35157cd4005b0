// Group calls (issue 17): three Chromium contexts, every code pasted through the UI. A calls B as today, A
// adds C; the group introduces C to B over the existing channels, and every pair has its own connection.
import { expect, test, type Page } from './fixtures';
import {
	answerCall,
	expectConnected,
	expectMediaFlowing,
	openApp,
	pasteCode,
	readMyCode
} from './call-helpers';
import { connectCall } from './in-call-helpers';

/** A small window: three pages decode and encode video on a shared 2-core machine. */
const viewport = { width: 640, height: 480 };

/** A adds a newcomer through People → Add someone; returns the newcomer's page, connected to A. */
async function addSomeone(adder: Page, newcomer: Page): Promise<void> {
	await adder.getByRole('button', { name: 'People' }).click();
	await adder.getByRole('button', { name: 'Add someone' }).click();
	const code = await readMyCode(adder);
	await openApp(newcomer);
	const answer = await answerCall(newcomer, code);
	await pasteCode(adder, answer);
	await expectConnected(newcomer);
	await adder.getByRole('button', { name: 'Close People' }).click();
}

/** Every tile of the grid decodes video (frames advancing) and every open connection receives audio. */
async function expectGroupFlowing(page: Page, others: number): Promise<void> {
	const videos = page.getByTestId('group-grid').locator('video.tile-video');
	await expect(videos).toHaveCount(others, { timeout: 20_000 });
	for (let i = 0; i < others; i++) {
		const video = videos.nth(i);
		await expect
			.poll(() => video.evaluate((v: HTMLVideoElement) => v.videoWidth), { timeout: 20_000 })
			.toBeGreaterThan(0);
		const t0 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
		await expect
			.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 10_000 })
			.toBeGreaterThan(t0);
	}
	await expect
		.poll(() => audioPerConnection(page), { timeout: 15_000 })
		.toEqual(Array.from({ length: others }, () => true));
}

/** For each connected RTCPeerConnection of the page: more than 10 audio packets received. */
function audioPerConnection(page: Page): Promise<boolean[]> {
	return page.evaluate(async () => {
		const result: boolean[] = [];
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState !== 'connected') continue;
			let packets = 0;
			(await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
				if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
			});
			result.push(packets > 10);
		}
		return result;
	});
}

async function setName(page: Page, name: string): Promise<void> {
	await page.getByRole('button', { name: 'People' }).click();
	await page.getByRole('textbox', { name: 'Your name' }).fill(name);
	await page.getByRole('button', { name: 'Save' }).click();
	await page.getByRole('button', { name: 'Close People' }).click();
}

test('A calls B, A adds C: full mesh with video and audio both ways, C chats with its name, B leaves and A–C go on', async ({
	browser
}) => {
	// Three pages sending and decoding two videos each: slow on a loaded 2-core machine.
	test.setTimeout(300_000);
	const { caller: a, joiner: b } = await connectCall(browser, viewport);
	const c = await (await browser.newContext({ viewport })).newPage();
	await addSomeone(a, c);

	// Six directed video flows (each page decodes both others) and audio on each of the three connections.
	for (const page of [a, b, c]) await expectGroupFlowing(page, 2);

	await setName(c, 'Carol');
	await c.getByRole('button', { name: /^Chat/ }).click();
	await c.getByRole('textbox', { name: 'Message' }).fill('Hello from C');
	await c.getByRole('button', { name: 'Send' }).click();
	for (const page of [a, b]) {
		await page.getByRole('button', { name: /^Chat/ }).click();
		const message = page.getByRole('log', { name: 'Messages' }).getByRole('listitem').filter({
			hasText: 'Hello from C'
		});
		await expect(message).toContainText('Carol');
		await page.getByRole('button', { name: 'Close Chat' }).click();
	}

	await b.getByRole('button', { name: 'Hang up' }).click();
	await expect(b.getByRole('heading', { name: 'Call ended' })).toBeVisible();
	// A and C are a 1:1 call again, today's layout, video and audio still flowing.
	for (const page of [a, c]) {
		await expect(page.getByTestId('group-grid')).toHaveCount(0, { timeout: 15_000 });
		await expectMediaFlowing(page);
	}
});
