// A whole call with the keyboard only — Tab, Shift+Tab, Enter, Escape and typed text, no click — on a phone-sized
// screen (the panels are bottom sheets there). After each screen change the focus must be on the new
// screen's heading and the tab's title must name the screen; the sheet keeps focus inside while open and
// gives it back to its button on Escape; toggles change their label or carry aria-pressed, never both.
import type { Locator } from '@playwright/test';
import { expect, test, type Page } from './fixtures';
import { openApp, readMyCode } from './call-helpers';

const phone = { width: 390, height: 844 };

/** Presses Tab until `target` has the focus (a bounded walk: a target Tab cannot reach fails). */
async function tabTo(page: Page, target: Locator, max = 60): Promise<void> {
	await expect(target).toBeVisible({ timeout: 45_000 });
	for (let i = 0; i < max; i++) {
		if (await target.evaluate((e) => e === document.activeElement)) return;
		await page.keyboard.press('Tab');
	}
	throw new Error(`Tab never reached ${String(target)}`);
}

async function press(page: Page, target: Locator): Promise<void> {
	await tabTo(page, target);
	await page.keyboard.press('Enter');
}

/** The screen changed: focus on its heading, its name in the title. */
async function expectScreen(page: Page, heading: string, title: string): Promise<void> {
	await expect(page.getByRole('heading', { name: heading, exact: true })).toBeFocused({ timeout: 45_000 });
	await expect(page).toHaveTitle(title);
}

async function typeCode(page: Page, code: string): Promise<void> {
	await tabTo(page, page.getByRole('textbox', { name: 'Paste a code' }));
	await page.keyboard.insertText(code);
	await press(page, page.getByRole('button', { name: 'Use code' }));
}

const focusInside = (dialog: Locator) => dialog.evaluate((d) => d.contains(document.activeElement));

test('a whole call with the keyboard only: focus lands on each new screen’s heading', async ({ browser }) => {
	test.slow();
	const caller = await (await browser.newContext({ viewport: phone })).newPage();
	const joiner = await (await browser.newContext({ viewport: phone })).newPage();
	await openApp(caller);
	await openApp(joiner);
	await expect(caller).toHaveTitle('qrcall — video calls with no server');

	await press(caller, caller.getByRole('button', { name: 'Start a call' }));
	await expectScreen(caller, '1. Let the other device scan this, or send it the link', 'Your code — qrcall');
	const offer = await readMyCode(caller);

	await press(joiner, joiner.getByRole('button', { name: 'Join a call' }));
	await expectScreen(joiner, 'Join a call', 'Join a call — qrcall');
	await typeCode(joiner, offer);
	await expectScreen(joiner, 'Call code read', 'Call code read — qrcall');
	await press(joiner, joiner.getByRole('button', { name: 'Answer' }));
	await expectScreen(joiner, 'Show this answer to the caller, or send them the link', 'Your answer — qrcall');
	const answer = await readMyCode(joiner);

	await typeCode(caller, answer);
	await expectScreen(caller, 'In call', 'In call — qrcall');
	await expectScreen(joiner, 'In call', 'In call — qrcall');

	// A toggle whose label says the action: the label changes, the focus stays, no aria-pressed beside it.
	await press(caller, caller.getByRole('button', { name: 'Mute microphone' }));
	const unmute = caller.getByRole('button', { name: 'Unmute microphone' });
	await expect(unmute).toBeFocused();
	await expect(unmute).not.toHaveAttribute('aria-pressed');
	await caller.keyboard.press('Enter');
	await expect(caller.getByRole('button', { name: 'Mute microphone' })).toBeFocused();

	// A panel button keeps its label and says "pressed"; the sheet holds the focus until Escape.
	const devices = caller.getByRole('button', { name: 'Devices', exact: true });
	await expect(devices).toHaveAttribute('aria-pressed', 'false');
	await press(caller, devices);
	const sheet = caller.getByRole('dialog', { name: 'Devices' });
	await expect(caller.getByRole('heading', { name: 'Devices' })).toBeFocused();
	await expect(devices).toHaveAttribute('aria-pressed', 'true');
	for (let i = 0; i < 8; i++) {
		await caller.keyboard.press('Tab');
		expect(await focusInside(sheet), `after Tab ${i + 1}`).toBe(true);
	}
	for (let i = 0; i < 8; i++) {
		await caller.keyboard.press('Shift+Tab');
		expect(await focusInside(sheet), `after Shift+Tab ${i + 1}`).toBe(true);
	}
	await caller.keyboard.press('Escape');
	await expect(sheet).toHaveCount(0);
	await expect(devices).toBeFocused();
	await expect(devices).toHaveAttribute('aria-pressed', 'false');

	// Chat: the caret goes to the message field; Escape brings the focus back to the Chat button.
	await press(caller, caller.getByRole('button', { name: /^Chat/ }));
	await expect(caller.getByRole('textbox', { name: 'Message' })).toBeFocused();
	await caller.keyboard.insertText('Hello from the keyboard');
	await caller.keyboard.press('Enter');
	await expect(joiner.getByTestId('unread')).toHaveText(/^1/);
	await caller.keyboard.press('Escape');
	await expect(caller.getByRole('button', { name: /^Chat/ })).toBeFocused();

	await press(caller, caller.getByRole('button', { name: 'Hang up' }));
	await expectScreen(caller, 'Call ended', 'Call ended — qrcall');
	await expectScreen(joiner, 'Call ended', 'Call ended — qrcall');

	await press(caller, caller.getByRole('button', { name: 'Home' }));
	await expectScreen(caller, 'Start or join a call', 'qrcall — video calls with no server');
	await press(caller, caller.getByRole('link', { name: 'Settings' }));
	await expectScreen(caller, 'Connection settings', 'Settings — qrcall');
	await press(caller, caller.getByRole('link', { name: '← Back to qrcall' }));
	await expectScreen(caller, 'Start or join a call', 'qrcall — video calls with no server');
});
