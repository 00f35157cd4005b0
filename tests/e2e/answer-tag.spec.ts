// Issue 12 §2: an answer carries the tag of the offer it answers. An old answer still on the other screen
// (made for an earlier code) is refused at once with what to do, and the call waiting for the right one goes on.
import { expect, test } from './fixtures';
import { answerCall, expectConnected, pasteCode, readMyCode, startCall, twoDevices } from './call-helpers';

const OTHER_CALL =
	'This answer belongs to another call code — on the other device, open the code shown here and answer again';

test('an answer to an earlier code is refused at once; the right answer still connects', async ({
	browser
}) => {
	const { caller, joiner } = await twoDevices(browser);

	const firstOffer = await startCall(caller);
	const oldAnswer = await answerCall(joiner, firstOffer);

	// The caller gives up on that code and makes a new one: the joiner's answer now belongs to another call.
	await caller.getByRole('button', { name: 'Cancel' }).click();
	const offer = await startCall(caller);
	expect(offer).not.toBe(firstOffer);
	await pasteCode(caller, oldAnswer);
	await expect(caller.locator('#code-message')).toHaveText(OTHER_CALL);
	await expect(caller.getByRole('textbox', { name: 'Your code' })).toHaveValue(offer);

	await joiner.getByRole('button', { name: 'Cancel' }).click();
	await answerCall(joiner, offer);
	await pasteCode(caller, await readMyCode(joiner));
	await expectConnected(caller);
	await expectConnected(joiner);
});
