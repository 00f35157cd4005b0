// Switching camera and microphone during a call, in a Chromium with three fake cameras and four fake
// microphones (`--use-fake-device-for-media-stream=device-count=3`): a replaceTrack on the same sender, so
// the other side keeps decoding and nothing is renegotiated.
import { chromium } from '@playwright/test';
import { appOrigin, chromiumArgs, chromiumPath } from './browsers';
import {
	answerCall,
	expectConnected,
	expectMediaFlowing,
	openApp,
	pasteCode,
	startCall
} from './call-helpers';
import { expect, test, type Browser, type Page } from './fixtures';
import { snapshot } from './netns/media';

const appUrl = appOrigin;

function withThreeCameras(): string[] {
	return chromiumArgs().map((arg) =>
		arg === '--use-fake-device-for-media-stream' ? `${arg}=device-count=3` : arg
	);
}

/** The label of the track our camera or microphone sender carries (fake_device_0, Fake Audio Input 1…). */
function sentLabel(page: Page, kind: 'audio' | 'video'): Promise<string | null> {
	return page.evaluate((k) => {
		const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState !== 'closed');
		const sender = pc?.getTransceivers().find((t) => t.receiver.track.kind === k && t.sender.track)?.sender;
		return sender?.track?.label ?? null;
	}, kind);
}

/** Both sides' negotiated descriptions: unchanged means no renegotiation happened. */
function descriptions(page: Page): Promise<string> {
	return page.evaluate(() => {
		const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState !== 'closed');
		return `${pc?.currentLocalDescription?.sdp}\n${pc?.currentRemoteDescription?.sdp}`;
	});
}

/** The remote video keeps decoding: ten more frames within 15 s. */
async function expectDecodingOn(page: Page): Promise<void> {
	const frames = (await snapshot(page)).framesDecoded;
	await expect
		.poll(async () => (await snapshot(page)).framesDecoded, { timeout: 15_000 })
		.toBeGreaterThan(frames + 10);
}

let devices: Browser | undefined;
test.afterEach(async () => {
	await devices?.close();
	devices = undefined;
});

test('switching camera and microphone mid-call is a track swap: the other side keeps decoding, nothing is renegotiated', async () => {
	test.slow();
	devices = await chromium.launch({ executablePath: chromiumPath, args: withThreeCameras() });
	const caller = await (await devices.newContext({ baseURL: appUrl })).newPage();
	const joiner = await (await devices.newContext({ baseURL: appUrl })).newPage();
	await openApp(caller);
	await openApp(joiner);
	await pasteCode(caller, await answerCall(joiner, await startCall(caller)));
	await expectConnected(caller);
	await expectConnected(joiner);
	await expectMediaFlowing(joiner);

	expect(await sentLabel(caller, 'video')).toBe('fake_device_0');
	const before = { caller: await descriptions(caller), joiner: await descriptions(joiner) };
	await caller.getByRole('button', { name: 'Devices' }).click();

	// A camera from the picker, then "Switch camera" (front/back on a phone) goes round to the first one.
	// HACK: fake_device_1 is Chromium's fake depth camera (Y16): it renders locally but WebRTC never encodes
	// it, on any path (checked with a bare RTCPeerConnection), so the test uses fake_device_2 (MJPEG).
	// https://source.chromium.org/chromium/chromium/src/+/main:media/capture/video/fake_video_capture_device_factory.cc
	const camera = caller.getByLabel('Camera');
	await camera.selectOption({ label: 'fake_device_2' });
	await expect.poll(() => sentLabel(caller, 'video')).toBe('fake_device_2');
	await expectDecodingOn(joiner);
	await caller.getByRole('button', { name: 'Switch camera' }).click();
	await expect.poll(() => sentLabel(caller, 'video')).toBe('fake_device_0');
	// The picker shows the camera now in use.
	expect(await camera.evaluate((c: HTMLSelectElement) => c.selectedOptions[0]?.textContent)).toBe(
		'fake_device_0'
	);

	// Another microphone from the picker (the last one listed: never the one in use by default).
	const microphone = await sentLabel(caller, 'audio');
	const picker = caller.getByLabel('Microphone');
	const options = await picker
		.locator('option')
		.evaluateAll((all) =>
			all.map((o) => ({ value: (o as HTMLOptionElement).value, label: o.textContent ?? '' }))
		);
	const other = options.reverse().find((o) => o.label !== microphone);
	if (!other) throw new Error(`no second microphone among ${JSON.stringify(options)}`);
	await picker.selectOption(other.value);
	await expect.poll(() => sentLabel(caller, 'audio')).toBe(other.label);

	// The joiner keeps receiving both, from the new devices, over the same negotiated session.
	await expectDecodingOn(joiner);
	await expectMediaFlowing(joiner);
	expect(await descriptions(caller)).toBe(before.caller);
	expect(await descriptions(joiner)).toBe(before.joiner);
});
