// axe-core on every screen and panel a person can reach — home, settings, the media error, start, join, the
// scanner, the code read, the answer, the call with each panel (side column and phone sheet), the ended
// screen — in the light and the dark colour scheme: no violation of any impact (WCAG 2.2 A/AA and axe's best
// practices). The keyboard-only walk through a whole call lives in keyboard.spec.ts.
import AxeBuilder from '@axe-core/playwright';
import { chromium } from '@playwright/test';
import { appOrigin, chromiumArgs, chromiumPath } from './browsers';
import { expect, test, type Page } from './fixtures';
import { expectConnected, openApp, pasteCode, readMyCode, startCall } from './call-helpers';

async function expectNoViolations(page: Page, screen: string): Promise<void> {
	const { violations } = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
		.analyze();
	const found = violations.map(
		(v) =>
			`${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')} ${n.failureSummary ?? ''}`).join('; ')}`
	);
	expect(found, `axe on ${screen}`).toEqual([]);
}

const panels = [
	[/^Chat/, 'Chat'],
	['Details', 'Connection details'],
	['Files', 'Files'],
	['Devices', 'Devices']
] as const;

/** Opens each panel in turn, checks it, closes it with its Close button. */
async function checkPanels(page: Page, where: string): Promise<void> {
	for (const [button, title] of panels) {
		await page.getByRole('button', { name: button }).click();
		await expect(page.getByRole('heading', { name: title, exact: true })).toBeVisible();
		if (title === 'Connection details') await expect(page.getByTestId('srtp-cipher')).toBeVisible();
		await expectNoViolations(page, `the call with the ${title} panel open (${where})`);
		await page.getByRole('button', { name: `Close ${title}` }).click();
	}
}

for (const colorScheme of ['light', 'dark'] as const) {
	test(`axe finds no violation of any impact on any screen of a call (${colorScheme})`, async ({
		browser
	}) => {
		test.setTimeout(300_000);
		const caller = await (await browser.newContext({ colorScheme })).newPage();
		const joiner = await (await browser.newContext({ colorScheme })).newPage();
		await openApp(caller);
		await openApp(joiner);

		await expect(caller.getByRole('button', { name: 'Mute microphone' })).toBeVisible({ timeout: 15_000 });
		await expectNoViolations(caller, 'home');

		await joiner.goto('/settings');
		await expect(joiner.getByRole('heading', { name: 'Connection settings' })).toBeVisible();
		await joiner.getByRole('checkbox', { name: /Use the default/ }).uncheck();
		await joiner.getByRole('button', { name: 'Add a server' }).click();
		await joiner.getByRole('button', { name: 'Save' }).click();
		await expect(joiner.getByText('Some servers need fixing (see below).')).toBeVisible();
		await expectNoViolations(joiner, 'settings (with a field in error)');
		await joiner.getByRole('link', { name: '← Back to qrcall' }).click();

		const offer = await startCall(caller);
		await expect(caller.getByRole('img', { name: 'QR code of your call code' })).toBeVisible();
		await expectNoViolations(caller, 'start (code shown)');

		await joiner.getByRole('button', { name: 'Join a call' }).click();
		await expect(joiner.getByRole('textbox', { name: 'Paste a code' })).toBeVisible();
		await expectNoViolations(joiner, 'join');

		await joiner.getByRole('button', { name: 'Scan a code' }).click();
		await expect(joiner.getByText('Point the camera at the QR code.')).toBeVisible({ timeout: 15_000 });
		await expectNoViolations(joiner, 'join (scanner open)');
		await joiner.getByRole('button', { name: 'Stop scanning' }).click();

		await pasteCode(joiner, offer);
		await expect(joiner.getByRole('heading', { name: 'Call code read' })).toBeVisible();
		await expectNoViolations(joiner, 'join (code read)');

		await joiner.getByRole('button', { name: 'Answer' }).click();
		const answer = await readMyCode(joiner);
		await expect(joiner.getByRole('img', { name: 'QR code of your call code' })).toBeVisible();
		await expectNoViolations(joiner, 'answer (shown)');

		await pasteCode(caller, answer);
		await expectConnected(caller);
		await expectConnected(joiner);
		await expect
			.poll(() => caller.locator('video.remote-video').evaluate((v: HTMLVideoElement) => v.videoWidth), {
				timeout: 15_000
			})
			.toBeGreaterThan(0);
		await expect(caller.getByTestId('safety-code')).toHaveText(/^\d{3} \d{3}$/, { timeout: 15_000 });
		await expectNoViolations(caller, 'call (caller)');
		await expectNoViolations(joiner, 'call (joiner)');
		await checkPanels(caller, 'side column, 1280×720');
		await caller.setViewportSize({ width: 390, height: 844 });
		await checkPanels(caller, 'phone sheet, 390×844');

		await caller.getByRole('button', { name: 'Hang up' }).click();
		await expect(caller.getByRole('heading', { name: 'Call ended' })).toBeVisible();
		await expect(joiner.getByRole('heading', { name: 'Call ended' })).toBeVisible({ timeout: 15_000 });
		await expectNoViolations(caller, 'ended (caller)');
		await expectNoViolations(joiner, 'ended (joiner)');
	});
}

test('axe finds no violation on the camera-and-microphone-blocked screen (light and dark)', async () => {
	// Without the fake permission prompt, a permission not granted is refused, as a user's "Block" would be.
	const denying = await chromium.launch({
		executablePath: chromiumPath,
		args: chromiumArgs().filter((arg) => arg !== '--use-fake-ui-for-media-stream')
	});
	try {
		for (const colorScheme of ['light', 'dark'] as const) {
			const context = await denying.newContext({ baseURL: appOrigin, colorScheme, permissions: [] });
			const page = await context.newPage();
			await openApp(page);
			await expect(page.getByText('Camera and microphone are blocked.', { exact: false })).toHaveCount(2);
			await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
			await expectNoViolations(page, `media error (${colorScheme})`);
		}
	} finally {
		await denying.close();
	}
});
