// Issue 12 §3 / issue 14 §3: stage two (audio/video negotiated over the data channel) never fails silently.
// The joiner offers audio/video first (rtc/early-offer.ts). The caller's page makes the real
// setRemoteDescription reject once for that media offer (an init script wrapping the browser's own method; the
// connection itself is real): the caller says so at once, the joiner — whose offer is never answered — after
// mediaAnswerDeadlineMs, and the joiner's Retry (which asks the caller to offer instead) brings media both ways.
import { expect, test, type Page } from './fixtures';
import {
	answerCall,
	expectConnected,
	expectMediaFlowing,
	openApp,
	pasteCode,
	startCall
} from './call-helpers';

/** rtc/negotiation.ts mediaAnswerDeadlineMs, plus time to draw (the bound the joiner is held to). */
const joinerNoticeMs = 10_000 + 3_000;

function failMediaOfferOnce(): void {
	const original = RTCPeerConnection.prototype.setRemoteDescription;
	// The promise form only (the legacy callback overload would need four arguments).
	const real = original as (this: RTCPeerConnection, d: RTCSessionDescriptionInit) => Promise<void>;
	let failed = false;
	RTCPeerConnection.prototype.setRemoteDescription = function (
		this: RTCPeerConnection,
		description: RTCSessionDescriptionInit
	): Promise<void> {
		if (!failed && description.type === 'offer' && /^m=video/m.test(description.sdp ?? '')) {
			failed = true;
			return Promise.reject(new DOMException('forced by the test', 'OperationError'));
		}
		return real.call(this, description);
	} as typeof original;
}

const alert = (page: Page) => page.getByRole('alert').filter({ hasText: 'Video could not be set up.' });

test('a failed media offer is shown on both sides instead of "Connected", and Retry brings media both ways', async ({
	browser
}) => {
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	await caller.addInitScript(failMediaOfferOnce);
	await openApp(caller);
	await openApp(joiner);

	const answer = await answerCall(joiner, await startCall(caller));
	await pasteCode(caller, answer);

	await expect(alert(caller)).toBeVisible({ timeout: 15_000 });
	await expect(caller.getByRole('status').filter({ hasText: /^No video$/ })).toBeVisible();
	// The joiner's offer is never answered: its deadline says so too.
	await expect(joiner.getByRole('status').filter({ hasText: /^Connected$/ })).toBeVisible({
		timeout: 15_000
	});
	await expect(alert(joiner)).toBeVisible({ timeout: joinerNoticeMs });

	await joiner.getByRole('button', { name: 'Retry' }).click();
	await expectConnected(joiner);
	await expectConnected(caller);
	await expect(alert(joiner)).toHaveCount(0);
	await expect(alert(caller)).toHaveCount(0);
	await expectMediaFlowing(caller);
	await expectMediaFlowing(joiner);
});
