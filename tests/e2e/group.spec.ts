// Group calls (issue 17): three Chromium contexts, every code pasted through the UI. A calls B as today, A
// adds C; the group introduces C to B over the existing channels, and every pair has its own connection.
import { expect, test, type Page, type TestInfo } from './fixtures';
import { cameraEncodings, expectMediaFlowing } from './call-helpers';
import {
	addSomeone,
	expectGroupFlowing,
	groupViewport as viewport,
	pathWith,
	sendFileTo,
	setName
} from './group-helpers';
import { connectCall, costlyVideoAncestors } from './in-call-helpers';
import { videoShare } from '../../src/lib/rtc/adapt';

/** The camera's bitrate cap and frame-rate cap on each of the page's open connections (rtc/adapt.ts). */
async function cameraCaps(page: Page): Promise<{ maxBitrate?: number; maxFramerate?: number }[]> {
	return (await cameraEncodings(page)).map(({ maxBitrate, maxFramerate }) => ({ maxBitrate, maxFramerate }));
}

/** Every open connection of the page sends its camera within the share for `receivers` people. */
async function expectCameraShare(page: Page, receivers: number): Promise<void> {
	const { maxBitrate, maxFramerate } = videoShare(receivers);
	await expect
		.poll(() => cameraCaps(page), { timeout: 15_000 })
		.toEqual(Array.from({ length: receivers }, () => ({ maxBitrate, maxFramerate })));
}

/** "Your name" is asked once the call is a group: C answers there, A puts it off, B uses People. */
async function nameEveryone(a: Page, b: Page, c: Page): Promise<void> {
	for (const page of [a, b, c]) await expect(page.getByTestId('name-prompt')).toBeVisible();
	await c
		.getByRole('textbox', {
			name: /^Others in this call see you as Guest \d+\. What should they call you\?$/
		})
		.fill('Carol');
	await c.getByTestId('name-prompt').getByRole('button', { name: 'Save' }).click();
	await a.getByTestId('name-prompt').getByRole('button', { name: 'Not now' }).click();
	await setName(b, 'Bob');
	for (const page of [a, b, c]) await expect(page.getByTestId('name-prompt')).toHaveCount(0);
	await expect(b.getByTestId('group-grid')).toContainText('Carol');
	await setName(a, 'Alice');
}

/** The fake microphones beep: each page sees each of the others speaking, on that person's own tile. */
async function expectEveryoneHeardSpeaking(pages: [Page, string[]][]): Promise<void> {
	for (const [page, others] of pages)
		for (const name of others)
			await expect(page.getByRole('group', { name, exact: true })).toHaveClass(/\bspeaking\b/, {
				timeout: 20_000
			});
}

/**
 * Details shows each connection: A's path to Carol is Carol's path to A seen from the other end, and not A's
 * path to Bob (each pair has its own ports).
 */
async function expectDetailsPerConnection(a: Page, c: Page): Promise<void> {
	const aToCarol = await pathWith(a, 'Carol');
	const aToBob = await pathWith(a, 'Bob');
	const carolToA = await pathWith(c, 'Alice');
	expect(carolToA).toEqual({ you: aToCarol.them, them: aToCarol.you });
	expect(aToBob.them).not.toBe(aToCarol.them);
}

/**
 * A file goes to the one person picked, or to everyone (the default), and each file says who it went to and
 * came from: a file to everyone is one transfer per person.
 */
async function expectFilesPerPerson(a: Page, b: Page, c: Page, testInfo: TestInfo): Promise<void> {
	await sendFileTo(a, 'Bob', testInfo.outputPath('for-bob.txt'));
	await sendFileTo(a, 'Carol', testInfo.outputPath('for-carol.txt'));
	await sendFileTo(a, 'Everyone', testInfo.outputPath('for-all.txt'));
	await a.getByRole('button', { name: 'Files' }).click();
	for (const [file, to] of [
		['for-bob.txt', ['To Bob']],
		['for-carol.txt', ['To Carol']],
		['for-all.txt', ['To Bob', 'To Carol']]
	] as const) {
		const sent = a.getByTestId('transfer').filter({ hasText: file });
		await expect(sent.getByTestId('transfer-peer')).toHaveText([...to]);
	}
	await a.getByRole('button', { name: 'Close Files' }).click();
	for (const [page, mine, theirs] of [
		[b, 'for-bob.txt', 'for-carol.txt'],
		[c, 'for-carol.txt', 'for-bob.txt']
	] as const) {
		await page.getByRole('button', { name: 'Files' }).click();
		const transfers = page.getByTestId('transfer');
		for (const file of [mine, 'for-all.txt']) {
			const got = transfers.filter({ hasText: file });
			await expect(got).toHaveAttribute('data-status', 'done', { timeout: 20_000 });
			await expect(got.getByTestId('transfer-peer')).toHaveText('From Alice');
		}
		await expect(transfers.filter({ hasText: theirs })).toHaveCount(0);
		await page.getByRole('button', { name: 'Close Files' }).click();
	}
}

/** C's chat message shows at A and B with C's name. */
async function expectChatWithName(a: Page, b: Page, c: Page): Promise<void> {
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
}

/** How many offers made ahead this page handed to a newcomer (rtc/group/marks 'handed'). */
function handedOffers(page: Page): Promise<number> {
	return page.evaluate(() => performance.getEntriesByName('qrcall:join-handed').length);
}

test('A calls B, A adds C: full mesh with video and audio both ways, names, details, files per person and to all, chat, B leaves and A–C go on', async ({
	browser
}, testInfo) => {
	// Three pages sending and decoding two videos each: slow on a loaded 2-core machine.
	test.setTimeout(300_000);
	const { caller: a, joiner: b } = await connectCall(browser, viewport);
	const c = await (await browser.newContext({ viewport })).newPage();
	await addSomeone(a, c);
	// B made its offer to C while C's code was on screen, and A handed it to C at C's hello (rtc/group/premade).
	await expect.poll(() => handedOffers(a)).toBe(1);

	// Six directed video flows (each page decodes both others) and audio on each of the three connections.
	for (const page of [a, b, c]) await expectGroupFlowing(page, 2);
	// Each camera goes to two people: each connection carries its share of the upstream.
	for (const page of [a, b, c]) await expectCameraShare(page, 2);
	// Tiles round their own videos' corners and ring the speaker with a border: a clipping tile is a render
	// pass at every frame, an outline paints over the videos (ui/MemberTile).
	expect(await costlyVideoAncestors(a)).toEqual([]);
	await nameEveryone(a, b, c);
	await expectEveryoneHeardSpeaking([
		[a, ['Bob', 'Carol']],
		[b, ['Alice', 'Carol']],
		[c, ['Alice', 'Bob']]
	]);
	await expectDetailsPerConnection(a, c);
	await expectFilesPerPerson(a, b, c, testInfo);
	await expectChatWithName(a, b, c);

	await b.getByRole('button', { name: 'Hang up' }).click();
	await expect(b.getByRole('heading', { name: 'Call ended' })).toBeVisible();
	// B's own hang-up, though A's and C's byes reach B before B's own closes its pairs.
	await expect(b.getByText('You hung up.')).toBeVisible();
	// A and C are a 1:1 call again, today's layout, video and audio still flowing.
	for (const page of [a, c]) {
		await expect(page.getByTestId('group-grid')).toHaveCount(0, { timeout: 15_000 });
		await expectMediaFlowing(page);
		// The camera goes to one person again, with the 1:1 call's bitrate.
		await expectCameraShare(page, 1);
	}
});
