// The step's main actions are above the fold on a laptop screen (1280×720), where the code, the QR and the
// camera preview fill the height: "Cancel" beside the caller's and the joiner's code, "Answer" under the
// preview. Screenshots at 390×844 and 1280×720 go to the test's output for a look.
import { expect, test } from './fixtures';
import { openApp, pasteCode, readMyCode, startCall } from './call-helpers';
import { costlyVideoAncestors } from './in-call-helpers';

for (const viewport of [
	{ width: 1280, height: 720 },
	{ width: 390, height: 844 }
]) {
	const laptop = viewport.width > viewport.height;
	test(`each step's actions are where the eye is at ${viewport.width}×${viewport.height}`, async ({
		browser
	}) => {
		const caller = await (await browser.newContext({ viewport })).newPage();
		const joiner = await (await browser.newContext({ viewport })).newPage();
		const shot = (page: typeof caller, name: string) =>
			page.screenshot({ path: test.info().outputPath(`${name}-${viewport.width}x${viewport.height}.png`) });
		// On a phone the page scrolls, as people expect: only the laptop's fold is asserted.
		const visible = (locator: ReturnType<typeof caller.getByRole>) =>
			laptop ? expect(locator).toBeInViewport({ ratio: 1 }) : expect(locator).toBeVisible();

		await openApp(caller);
		const offer = await startCall(caller);
		await visible(caller.getByRole('button', { name: 'Cancel' }));
		await shot(caller, 'start');

		await openApp(joiner);
		await joiner.getByRole('button', { name: 'Join a call' }).click();
		await pasteCode(joiner, offer);
		await expect(joiner.locator('video')).toHaveJSProperty('readyState', 4);
		// The preview plays for as long as the code waits: it rounds its own corners (ui/Preview).
		expect(await costlyVideoAncestors(joiner)).toEqual([]);
		await visible(joiner.getByRole('button', { name: 'Answer' }));
		await shot(joiner, 'answer');

		await joiner.getByRole('button', { name: 'Answer' }).click();
		await readMyCode(joiner);
		await visible(joiner.getByRole('button', { name: 'Cancel' }));
		await visible(joiner.getByRole('status').filter({ hasText: 'Waiting for the caller' }));
		await shot(joiner, 'waiting');
	});
}
