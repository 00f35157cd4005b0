// Issue 12 §3 / issue 14 §3: a negotiation over the data channel never fails silently. Audio and video come
// with the codes (their media record), so what is left to fail over the channel is a renegotiation: here the
// joiner's screen share, an offer with a second video section. The caller's page makes the real
// setRemoteDescription reject once for that offer (an init script wrapping the browser's own method; the
// connection itself is real): the caller says so at once, the joiner — whose offer is never answered — after
// mediaAnswerDeadlineMs, and the joiner's Retry (which sends its offer again) brings the share and the cameras.
import { expect, test, type Page } from './fixtures';
import {
	answerCall,
	expectConnected,
	expectMediaFlowing,
	expectVideoDecoding,
	openApp,
	pasteCode,
	startCall
} from './call-helpers';

/** rtc/answer-deadline.ts mediaAnswerDeadlineMs, plus time to draw (the bound the joiner is held to). */
const joinerNoticeMs = 10_000 + 3_000;

function failScreenOfferOnce(): void {
	const original = RTCPeerConnection.prototype.setRemoteDescription;
	// The promise form only (the legacy callback overload would need four arguments).
	const real = original as (this: RTCPeerConnection, d: RTCSessionDescriptionInit) => Promise<void>;
	let failed = false;
	RTCPeerConnection.prototype.setRemoteDescription = function (
		this: RTCPeerConnection,
		description: RTCSessionDescriptionInit
	): Promise<void> {
		const videoSections = (description.sdp ?? '').split('\nm=video ').length - 1;
		if (!failed && description.type === 'offer' && videoSections === 2) {
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
	test.slow();
	const caller = await (await browser.newContext()).newPage();
	const joiner = await (await browser.newContext()).newPage();
	await caller.addInitScript(failScreenOfferOnce);
	await openApp(caller);
	await openApp(joiner);
	const answer = await answerCall(joiner, await startCall(caller));
	await pasteCode(caller, answer);
	await expectConnected(caller);
	await expectConnected(joiner);
	await expectMediaFlowing(caller);

	await joiner.getByRole('button', { name: 'Share screen' }).click();
	await expect(alert(caller)).toBeVisible({ timeout: 15_000 });
	// The joiner's offer is never answered: its deadline says so too.
	await expect(joiner.getByRole('status').filter({ hasText: /^Connected$/ })).toBeVisible();
	await expect(alert(joiner)).toBeVisible({ timeout: joinerNoticeMs });

	await joiner.getByRole('button', { name: 'Retry' }).click();
	await expect(alert(joiner)).toHaveCount(0, { timeout: 15_000 });
	await expect(alert(caller)).toHaveCount(0);
	await expectVideoDecoding(caller.locator('video.remote-screen'), { sizeMs: 60_000, advanceMs: 15_000 });
	await expectMediaFlowing(caller);
	await expectMediaFlowing(joiner);
});
