// Group calls (issue 17): three Chromium contexts, every code pasted through the UI. A calls B as today, A
// adds C; the group introduces C to B over the existing channels, and every pair has its own connection.
import { expect, test } from './fixtures';
import { expectMediaFlowing } from './call-helpers';
import { addSomeone, expectGroupFlowing, groupViewport as viewport, setName } from './group-helpers';
import { connectCall } from './in-call-helpers';

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
