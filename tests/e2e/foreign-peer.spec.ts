// Issue 14 §3: calls between the app (real Chromium, through its UI) and a foreign WebRTC stack
// (node-datachannel / libdatachannel, ./foreign-peer), both ways, through the codes only: each side's code is
// encoded and decoded with the app's own codec. Nothing is mocked; the foreign peer has no media, so it sends
// none (where the app calls, it accepts the code's audio/video sections) or never answers the app's audio/video
// offer (where it calls), and the app must say so instead of "Connected" over a black tile.
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { expect, test, type Page } from './fixtures';
import { answerCall, expectConnected, openApp, pasteCode, startCall } from './call-helpers';
import { ForeignPeer, cutInParts, sha256Of } from './foreign-peer';

/** rtc/answer-deadline.ts mediaAnswerDeadlineMs, plus time to draw. */
const mediaNoticeMs = 10_000 + 3_000;

const mediaFailed = (page: Page) => page.getByRole('alert').filter({ hasText: 'Video could not be set up.' });

/** A chat message from the foreign peer reaches the app's chat: the channel carries the app's protocol. */
async function expectChatFrom(peer: ForeignPeer, page: Page): Promise<void> {
	const text = 'hello from libdatachannel';
	peer.send({ t: 'chat', id: 'foreign-1', text, at: Date.now() });
	await page.getByRole('button', { name: /^Chat/ }).click();
	await expect(page.getByRole('log', { name: 'Messages' }).getByText(text)).toBeVisible();
}

let peer: ForeignPeer;
test.afterEach(() => peer?.close());

test('app → node-datachannel: the app calls, the foreign peer answers through the codes; its missing video is shown, not a black tile', async ({
	page
}) => {
	peer = new ForeignPeer();
	await openApp(page);
	// The camera is on before the code is made (else its start needs an offer over the channel: late-camera.spec).
	const preview = page.getByRole('region', { name: 'Your camera preview' }).locator('video');
	await expect.poll(() => preview.evaluate((v: HTMLVideoElement) => v.readyState)).toBeGreaterThanOrEqual(2);
	const offer = await startCall(page);
	// libdatachannel answers the code's audio and video sections (sendrecv, no track): its answer code has a
	// media record too, so it is short, not the lz form of its whole description.
	const answer = await peer.answer(offer);
	expect(answer.length).toBeLessThan(200);
	await pasteCode(page, answer);

	await peer.opened();
	await expectConnected(page);
	await expectChatFrom(peer, page);
	// No frame ever comes: the tile says so (ui/SoloStage, rtc/video-watch) instead of staying black, and
	// not as "Video paused", which would suggest that video had come and stopped.
	const noVideo = page.getByRole('status').filter({ hasText: /^No video from the other device$/ });
	await expect(noVideo).toBeVisible({ timeout: mediaNoticeMs });
	// On a phone the notice wraps clear of the self view instead of running under it.
	await page.setViewportSize({ width: 390, height: 844 });
	await page.getByRole('button', { name: 'Close Chat' }).click();
	const notice = await noVideo.boundingBox();
	const self = await page.getByLabel('Your video', { exact: true }).boundingBox();
	expect(notice!.x + notice!.width, 'the notice ends before the self view starts').toBeLessThanOrEqual(
		self!.x
	);
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.getByRole('button', { name: /^Chat/ }).click();
	// Audio and video came with the codes: seconds later, still nothing was negotiated over the channel.
	expect(peer.messages.filter((m) => m.t === 'sdp')).toEqual([]);
	// A peer that sent no hello gets text: it may not read deflated frames (docs/peer-protocol.md).
	expect(peer.deflated).toEqual([]);
	// Once its hello says protocol version 2, a long message comes deflated.
	peer.send({ t: 'hello', v: 2, id: '0123456789abcdef', name: 'libdatachannel' });
	// The app answers a hello with its roster: from then on it knows what this peer reads.
	await expect.poll(() => peer.messages.some((m) => m.t === 'roster')).toBe(true);
	const long = 'A long message. '.repeat(80);
	await page.getByRole('textbox', { name: 'Message' }).fill(long);
	await page.getByRole('textbox', { name: 'Message' }).press('Enter');
	await expect.poll(() => peer.messages.find((m) => m.t === 'chat')?.text).toBe(long.trim());
	expect(peer.deflated).toEqual(['chat']);
});

test('node-datachannel → app: the foreign peer calls, the app answers through the codes; no media offer shows "Video could not be set up."', async ({
	page
}) => {
	peer = new ForeignPeer();
	await openApp(page);
	const answer = await answerCall(page, await peer.offer());
	peer.accept(answer);

	await peer.opened();
	await expectConnected(page);
	await expectChatFrom(peer, page);
	// Stage two starts at the joiner (protocol version 3): its audio/video offer, made while the caller had not
	// yet applied the answer, is the first description on the channel.
	await expect
		.poll(() => peer.messages.find((m) => m.t === 'sdp')?.description)
		.toMatchObject({ type: 'offer', sdp: expect.stringMatching(/m=audio[\s\S]*m=video/) });
	// The foreign caller neither answers it nor offers: the joiner's deadline says so, and its Retry asks the
	// caller for an offer (docs/peer-protocol.md, `renegotiate`).
	await expect(mediaFailed(page)).toHaveText('Video could not be set up. Retry', { timeout: mediaNoticeMs });
	expect(peer.messages.filter((m) => m.t === 'renegotiate')).toHaveLength(0);
	await mediaFailed(page).getByRole('button', { name: 'Retry' }).click();
	await expect.poll(() => peer.messages.filter((m) => m.t === 'renegotiate')).toHaveLength(1);
});

test('a file reaches a foreign peer that declares a=max-message-size:16384 intact, in chunks it accepts', async ({
	page
}, testInfo) => {
	peer = new ForeignPeer({ maxMessageSize: 16_384 });
	// Not a multiple of any chunk size, so the last chunk is short.
	const data = randomBytes(3 * 1024 * 1024 + 12_345);
	const path = testInfo.outputPath('for-libdatachannel.bin');
	writeFileSync(path, data);
	const expected = createHash('sha256').update(data).digest('hex');

	await openApp(page);
	await pasteCode(page, await peer.answer(await startCall(page)));
	expect(peer.localSdp).toContain('a=max-message-size:16384');
	await expectConnected(page);

	await page.getByRole('button', { name: /^Files/ }).click();
	await page.getByLabel('Send files').setInputFiles(path);
	const received = await peer.file();
	expect(received).toEqual({
		name: 'for-libdatachannel.bin',
		size: data.byteLength,
		sha256: expected,
		// 3 whole parts of 1 MiB and a short one, each hashed alone (wire version 3).
		parts: cutInParts(data).map(sha256Of),
		largestMessage: 16_384
	});
	await expect(page.getByTestId('transfer').filter({ hasText: 'for-libdatachannel.bin' })).toHaveAttribute(
		'data-status',
		'done'
	);
});
