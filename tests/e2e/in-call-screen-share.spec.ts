import { expect, test, type Page } from './fixtures';
import { expectVideoDecoding } from './call-helpers';
import { closeCall, connectCall } from './in-call-helpers';

/** Video m-lines in the current remote description: a screen share adds one (renegotiation happened). */
function remoteVideoSections(page: Page): Promise<number> {
	return page.evaluate(() => {
		const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState !== 'closed');
		const sdp = pc?.currentRemoteDescription?.sdp ?? '';
		return sdp.split('\nm=video ').length - 1;
	});
}

const expectDecoding = (page: Page, selector: string) =>
	expectVideoDecoding(page.locator(selector), { sizeMs: 60_000, advanceMs: 15_000 });

test('a screen share is renegotiated over the data channel as a new video track, and stopping it restores the camera', async ({
	browser
}) => {
	// Several pages decoding video on a shared machine: generous, never a sleep.
	test.slow();
	const call = await connectCall(browser);
	const { caller, joiner } = call;
	await expectDecoding(caller, 'video.remote-video');
	expect(await remoteVideoSections(caller)).toBe(1);

	// The joiner (the polite side) shares: its offer travels over the data channel.
	await joiner.getByRole('button', { name: 'Share screen' }).click();
	await expect(joiner.getByRole('button', { name: 'Stop sharing' })).toBeVisible();
	await expectDecoding(caller, 'video.remote-screen');
	expect(await remoteVideoSections(caller)).toBe(2);
	// The fake screen is 1280×720, the fake camera 640×480: it really is the new track on the big tile.
	await expect
		.poll(() => caller.locator('video.remote-screen').evaluate((v: HTMLVideoElement) => v.videoWidth))
		.toBe(1280);

	await joiner.getByRole('button', { name: 'Stop sharing' }).click();
	await expect(caller.locator('video.remote-screen')).toHaveCount(0, { timeout: 15_000 });
	await expectDecoding(caller, 'video.remote-video');

	// Now the caller (impolite side) shares, and stops from "the browser's bar": the track ends on its own.
	await caller.getByRole('button', { name: 'Share screen' }).click();
	await expectDecoding(joiner, 'video.remote-screen');
	await caller.evaluate(() => {
		const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState !== 'closed');
		const track = pc?.getSenders().find((s) => s.track?.label.startsWith('screen'))?.track;
		if (!track) throw new Error('no screen sender');
		// What Chromium does when the user presses "Stop sharing" in its own bar.
		track.stop();
		track.dispatchEvent(new Event('ended'));
	});
	await expect(caller.getByRole('button', { name: 'Share screen' })).toBeVisible();
	await expect(joiner.locator('video.remote-screen')).toHaveCount(0, { timeout: 15_000 });
	await expectDecoding(joiner, 'video.remote-video');
	await closeCall(call);
});
