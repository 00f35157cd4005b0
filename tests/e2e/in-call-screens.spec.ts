import { expect, test, type Page } from './fixtures';
import { closeCall, connectCall } from './in-call-helpers';

// Every control and the open panel must fit the viewport (nothing cut off on a phone); screenshots of each
// state land in test-results for a human look.
async function expectInViewport(page: Page, name: string | RegExp): Promise<void> {
	const box = await page.getByRole('button', { name }).boundingBox();
	const size = page.viewportSize();
	expect(box, String(name)).not.toBeNull();
	if (!box || !size) return;
	expect(box.x).toBeGreaterThanOrEqual(0);
	expect(box.y).toBeGreaterThanOrEqual(0);
	expect(box.x + box.width).toBeLessThanOrEqual(size.width + 0.5);
	expect(box.y + box.height).toBeLessThanOrEqual(size.height + 0.5);
}

for (const viewport of [
	{ width: 390, height: 844 },
	{ width: 1280, height: 800 }
]) {
	test(`the call screen fits ${viewport.width}×${viewport.height} with each panel open`, async ({
		browser
	}, testInfo) => {
		// Several pages decoding video on a shared machine: generous, never a sleep.
		test.slow();
		const call = await connectCall(browser, viewport);
		const { caller, joiner } = call;
		await joiner.getByRole('button', { name: /^Chat/ }).click();
		await joiner.getByRole('textbox', { name: 'Message' }).fill('Can you see my screen?');
		await joiner.getByRole('textbox', { name: 'Message' }).press('Enter');
		await expect(caller.getByTestId('unread')).toBeVisible({ timeout: 10_000 });
		const shot = (name: string) =>
			caller.screenshot({
				path: testInfo.outputPath(`${viewport.width}x${viewport.height}-${name}.png`),
				timeout: 30_000
			});
		await shot('call');
		for (const name of ['Mute microphone', 'Hang up', /^Chat/, 'Details', 'Files', 'Devices'])
			await expectInViewport(caller, name);

		for (const [button, name] of [
			[/^Chat/, 'chat'],
			['Details', 'details'],
			['Files', 'files'],
			['Devices', 'devices']
		] as const) {
			await caller.getByRole('button', { name: button }).click();
			const close = caller.getByRole('button', { name: /^Close/ });
			await expect(close).toBeVisible();
			if (name === 'details')
				await expect(caller.getByTestId('srtp-cipher')).toBeVisible({ timeout: 10_000 });
			await shot(name);
			await expectInViewport(caller, /^Close/);
			await close.click();
		}
		await closeCall(call);
	});
}
