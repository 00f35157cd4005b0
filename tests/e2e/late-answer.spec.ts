import { expect, test } from './fixtures';
import {
	answerCall,
	expectConnected,
	expectMediaFlowing,
	pasteCode,
	startCall,
	twoDevices
} from './call-helpers';

const lateMs = 60_000;

test('@slow an answer applied 60 s after it was made still connects, and the caller code shows its age', async ({
	browser
}) => {
	test.setTimeout(lateMs + 90_000);
	const { caller, joiner } = await twoDevices(browser);

	const offer = await startCall(caller);
	const answer = await answerCall(joiner, offer);
	await caller.waitForTimeout(lateMs);
	await expect(caller.getByText(/Made 1 min, \d+ sec ago/)).toBeVisible();

	const applied = Date.now();
	await pasteCode(caller, answer);
	await expectConnected(caller);
	await expectConnected(joiner);
	test
		.info()
		.annotations.push({ type: 'connected after answer (ms)', description: String(Date.now() - applied) });
	await expectMediaFlowing(caller);
	await expectMediaFlowing(joiner);
});
