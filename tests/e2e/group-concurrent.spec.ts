// Group calls (issue 17, test 3): two members add a newcomer each at the same moment. Both newcomers are
// introduced to everyone over the mesh at once, and the four end fully meshed with equal rosters.
import { expect, test } from './fixtures';
import { answerCall } from './call-helpers';
import {
	connectedPeers,
	expectEveryone,
	finishAdding,
	launchSlowCamera,
	newDevice,
	rosterNames,
	rosterSize,
	screenshotAll,
	startAdding,
	twoInCall
} from './group-helpers';

test('A and B each add a newcomer at the same moment: all four fully meshed, rosters equal', async () => {
	test.setTimeout(240_000);
	const browser = await launchSlowCamera();
	const errors: string[] = [];
	try {
		const [a, b] = await twoInCall(browser, errors);
		const [codeFromA, codeFromB] = await Promise.all([startAdding(a), startAdding(b)]);
		const c = await newDevice(browser, errors, 'Carol');
		const d = await newDevice(browser, errors, 'Dan');
		const [answerC, answerD] = [await answerCall(c, codeFromA), await answerCall(d, codeFromB)];
		// Both answers read at the same moment: each introducer gossips its newcomer while the other does.
		await Promise.all([finishAdding(a, answerC), finishAdding(b, answerD)]);

		const everyone = [a, b, c, d];
		await expectEveryone(everyone, connectedPeers, 3);
		await expectEveryone(everyone, rosterSize, 4);
		// Every page lists the same four people (its own entry says "(you)"), the two newcomers by their names.
		const lists = await Promise.all(
			everyone.map(async (page) => (await rosterNames(page)).map((n) => n.replace(/ \(you\)$/, '')).sort())
		);
		for (const list of lists) expect(list).toEqual(lists[0]);
		expect(lists[0]).toHaveLength(4);
		expect(lists[0]).toEqual(expect.arrayContaining(['Carol', 'Dan']));
		expect(errors).toEqual([]);
	} catch (error) {
		await screenshotAll(browser, error);
	} finally {
		await browser.close();
	}
});
