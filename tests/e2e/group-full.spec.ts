// Group calls (issue 17, test 5): a call of six rejects a seventh, with a clear message at both ends. Two
// members each make a code while there are five; the first newcomer fills the call, and the second one's
// answer arrives after that: its introducer tells it the call is full instead of introducing it.
import { expect, test } from './fixtures';
import { answerCall } from './call-helpers';
import {
	addSomeone,
	closePeople,
	connectedPeers,
	expectEveryone,
	finishAdding,
	launchSlowCamera,
	newDevice,
	openPeople,
	rosterSize,
	screenshotAll,
	startAdding,
	twoInCall
} from './group-helpers';

const fullText = 'The call is full: qrcall connects at most 6 people.';

// Seven browser pages: ~3–5 min here, over the default run's budget for group calls (QRCALL_LONG=1 runs it).
test.skip(!process.env.QRCALL_LONG, 'seven pages: set QRCALL_LONG=1');

test('a call of six rejects a seventh: the newcomer is told the call is full, and so is the member who added it', async () => {
	// Seven pages, a mesh of fifteen connections: minutes on a loaded 2-core machine.
	test.setTimeout(420_000);
	const browser = await launchSlowCamera();
	const errors: string[] = [];
	try {
		const [a, b] = await twoInCall(browser, errors);
		const members = [a, b];
		for (let i = 0; i < 3; i++) {
			const newcomer = await newDevice(browser, errors);
			await addSomeone(a, newcomer);
			members.push(newcomer);
		}
		await expectEveryone(members, rosterSize, 5);

		// Two codes made while there is room for one more.
		const codeFromA = await startAdding(a);
		const codeFromB = await startAdding(b);
		const f = await newDevice(browser, errors);
		const g = await newDevice(browser, errors, 'Gus');
		const answerF = await answerCall(f, codeFromA);
		const answerG = await answerCall(g, codeFromB);

		await finishAdding(a, answerF);
		members.push(f);
		await expectEveryone(members, rosterSize, 6);
		await expectEveryone(members, connectedPeers, 5);

		// The seventh's answer arrives at B now that the call is full.
		await finishAdding(b, answerG);
		await expect(g.getByRole('heading', { name: 'Call ended' })).toBeVisible({ timeout: 45_000 });
		await expect(
			g.getByText('This call is full already. Ask someone in it to make room, then for a new code.')
		).toBeVisible();
		await closePeople(b);
		await expect(
			b.getByRole('status').filter({ hasText: 'Gus could not join: the call is full.' })
		).toBeVisible();

		// Nobody can add a seventh now, and each says why; the six stay connected with each other.
		for (const page of members) {
			await openPeople(page);
			await expect(page.getByRole('button', { name: 'Add someone' })).toBeDisabled();
			await expect(page.locator('#add-why')).toHaveText(fullText);
			expect(await rosterSize(page)).toBe(6);
			expect(await connectedPeers(page)).toBe(5);
		}
		expect(errors).toEqual([]);
	} catch (error) {
		await screenshotAll(browser, error);
	} finally {
		await browser.close();
	}
});
