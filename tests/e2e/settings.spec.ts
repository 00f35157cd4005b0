import { expect, test } from './fixtures';

test('settings: servers are validated with clear messages, stored on this device, kept across reloads', async ({
	page
}) => {
	await page.goto('/settings');
	await expect(page.getByRole('heading', { name: 'Connection settings' })).toBeVisible();
	await page.getByRole('checkbox', { name: /Use the default/ }).uncheck();
	await page.getByRole('button', { name: 'Add a server' }).click();
	await page.getByRole('textbox', { name: /URL\(s\)/ }).fill('turn:turn.example.org:99999');
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByText('the port must be from 1 to 65535')).toBeVisible();
	await expect(page.getByText('A TURN server needs a username')).toBeVisible();
	expect(await page.evaluate(() => localStorage.getItem('qrcall.iceServers'))).toBeNull();

	await page.getByRole('textbox', { name: /URL\(s\)/ }).fill('turn:turn.example.org:3478');
	await page.getByRole('textbox', { name: 'Username (TURN)' }).fill('alice');
	await page.getByLabel('Password / credential (TURN)').fill('secret');
	await page.getByRole('checkbox', { name: /Relay only/ }).check();
	await page.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
	expect(
		await page.evaluate(() => [
			localStorage.getItem('qrcall.iceServers'),
			localStorage.getItem('qrcall.relayOnly')
		])
	).toEqual(['[{"urls":"turn:turn.example.org:3478","username":"alice","credential":"secret"}]', 'true']);

	// Still there after a reload; the link leads home.
	await page.reload();
	await expect(page.getByRole('textbox', { name: /URL\(s\)/ })).toHaveValue('turn:turn.example.org:3478');
	await page.getByRole('link', { name: /Back to qrcall/ }).click();
	await expect(page.getByRole('button', { name: 'Start a call' })).toBeVisible();
});
