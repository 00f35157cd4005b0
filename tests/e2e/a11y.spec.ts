// axe-core on every screen of a real call (home, start, join, the code read, the call), in the light and the
// dark colour scheme: no serious or critical issue (WCAG 2.2 A/AA and axe's best practices).
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { expectConnected, openApp, pasteCode, readMyCode, startCall } from './call-helpers';

async function expectNoSeriousIssues(page: Page, screen: string): Promise<void> {
	const builder = new AxeBuilder({ page }).withTags([
		'wcag2a',
		'wcag2aa',
		'wcag21a',
		'wcag21aa',
		'wcag22aa',
		'best-practice'
	]);
	const { violations } = await builder.analyze();
	const found = violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map(
			(v) =>
				`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`
		);
	expect(found, `axe on the ${screen} screen`).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
	test(`axe finds no serious issue on the home, start, join and call screens (${colorScheme})`, async ({
		browser
	}) => {
		test.setTimeout(240_000);
		const caller = await (await browser.newContext({ colorScheme })).newPage();
		const joiner = await (await browser.newContext({ colorScheme })).newPage();
		await openApp(caller);
		await openApp(joiner);

		await expect(caller.getByRole('button', { name: 'Mute microphone' })).toBeVisible({ timeout: 15_000 });
		await expectNoSeriousIssues(caller, 'home');

		const offer = await startCall(caller);
		await expect(caller.getByRole('img', { name: 'QR code of your call code' })).toBeVisible();
		await expectNoSeriousIssues(caller, 'start (code shown)');

		await joiner.getByRole('button', { name: 'Join a call' }).click();
		await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toBeVisible();
		await expectNoSeriousIssues(joiner, 'join');

		await pasteCode(joiner, offer);
		await expect(joiner.getByRole('heading', { name: 'Call code read' })).toBeVisible();
		await expectNoSeriousIssues(joiner, 'join (code read)');

		await joiner.getByRole('button', { name: 'Answer' }).click();
		const answer = await readMyCode(joiner);
		await expectNoSeriousIssues(joiner, 'join (answer shown)');

		await pasteCode(caller, answer);
		await expectConnected(caller);
		await expectConnected(joiner);
		await expect
			.poll(() => caller.locator('video.remote-video').evaluate((v: HTMLVideoElement) => v.videoWidth), {
				timeout: 15_000
			})
			.toBeGreaterThan(0);
		await expectNoSeriousIssues(caller, 'call (caller)');
		await expectNoSeriousIssues(joiner, 'call (joiner)');

		await caller.context().close();
		await joiner.context().close();
	});
}
