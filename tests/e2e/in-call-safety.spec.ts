import { expect, test } from './fixtures';
import { answerCall, expectConnected, openApp, pasteCode, startCall } from './call-helpers';
import { safetyCode } from './in-call-helpers';

test('the safety codes differ when a man in the middle relays the codes through two connections of its own', async ({
	browser
}) => {
	// Several pages decoding video on a shared machine: generous, never a sleep.
	test.slow();
	const page = async () => (await browser.newContext()).newPage();
	const [caller, joiner, mitmAsJoiner, mitmAsCaller] = await Promise.all([page(), page(), page(), page()]);
	for (const p of [caller, joiner, mitmAsJoiner, mitmAsCaller]) await openApp(p);

	// The caller's code goes to the attacker, who answers it with its own connection and, with a second
	// connection, sends its own code to the real joiner. Each person then thinks they reached the other.
	const callerCode = await startCall(caller);
	const mitmAnswer = await answerCall(mitmAsJoiner, callerCode);
	const mitmOffer = await startCall(mitmAsCaller);
	const joinerAnswer = await answerCall(joiner, mitmOffer);
	await pasteCode(mitmAsCaller, joinerAnswer);
	await pasteCode(caller, mitmAnswer);
	for (const p of [caller, joiner, mitmAsJoiner, mitmAsCaller]) await expectConnected(p);

	const [c, j, mj, mc] = await Promise.all([caller, joiner, mitmAsJoiner, mitmAsCaller].map(safetyCode));
	// Each leg agrees with itself (the check is not random)…
	expect(c).toBe(mj);
	expect(j).toBe(mc);
	// …but the two people comparing their screens see different codes.
	expect(c).not.toBe(j);
});
