// Switching camera and microphone during a call, in a Chromium with three fake cameras and four fake
// microphones (`--use-fake-device-for-media-stream=device-count=3`): a replaceTrack on the same sender, so
// nothing is renegotiated, and the old camera stops only once replaceTrack resolved, so the other side's
// picture freezes for at most maxSwitchFreezeMs (measured frame by frame, see ./frames).
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
import { longestGap, pageNow, recordFrames } from './frames';

const appUrl = appOrigin;
/** The longest the other side's video may stand still across a camera switch (issue 12 §5). */
const maxSwitchFreezeMs = 300;
/**
 * The bound means something only where the machine itself shows smooth video: with no switch at all, the
 * longest gap must stay under this. On a machine too loaded for that (seen: 465–770 ms with 7 suites running
 * on 2 cores), the figures are recorded and the bound is reported as skipped, never passed.
 */
const maxReferenceFreezeMs = 150;
/** Frames the other side must show after a switch before the freeze is read (~1 s of video). */
const framesAfterSwitch = 25;

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

/**
 * The longest freeze the joiner sees while `act` moves the caller's video to the camera `label`: from just
 * before the switch until framesAfterSwitch frames of the new camera were shown.
 */
async function freezeAcross(
	caller: Page,
	joiner: Page,
	label: string,
	act: () => Promise<unknown>
): Promise<number> {
	const from = await pageNow(joiner);
	await act();
	await expect.poll(() => sentLabel(caller, 'video')).toBe(label);
	const switched = await pageNow(joiner);
	await expect
		.poll(() => joiner.evaluate((t) => (window.__qrcallFrames ?? []).filter((f) => f > t).length, switched), {
			timeout: 15_000
		})
		.toBeGreaterThanOrEqual(framesAfterSwitch);
	const { longestMs } = await longestGap(joiner, from, await pageNow(joiner));
	return longestMs;
}

/** The same measure over the same kind of window with no switch: what the machine's load alone costs. */
async function freezeWithoutSwitch(joiner: Page): Promise<number> {
	const from = await pageNow(joiner);
	await expect
		.poll(() => joiner.evaluate((t) => (window.__qrcallFrames ?? []).filter((f) => f > t).length, from), {
			timeout: 15_000
		})
		.toBeGreaterThanOrEqual(framesAfterSwitch * 2);
	return (await longestGap(joiner, from, await pageNow(joiner))).longestMs;
}

let devices: Browser | undefined;
test.afterEach(async () => {
	await devices?.close();
	devices = undefined;
});

test('switching camera and microphone mid-call is a track swap: the other side sees no freeze, nothing is renegotiated', async () => {
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
	await recordFrames(joiner);
	const reference = await freezeWithoutSwitch(joiner);
	const picked = await freezeAcross(caller, joiner, 'fake_device_2', () =>
		camera.selectOption({ label: 'fake_device_2' })
	);
	const switched = await freezeAcross(caller, joiner, 'fake_device_0', () =>
		caller.getByRole('button', { name: 'Switch camera' }).click()
	);
	console.log(
		`[devices] longest freeze: no switch ${reference} ms, picker ${picked} ms, Switch camera ${switched} ms`
	);
	test.info().annotations.push({
		type: 'freeze-ms',
		description: JSON.stringify({ reference, picked, switched })
	});
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
	await expectMediaFlowing(joiner);
	expect(await descriptions(caller)).toBe(before.caller);
	expect(await descriptions(joiner)).toBe(before.joiner);

	test.skip(
		reference > maxReferenceFreezeMs,
		`video freezes ${reference} ms with no switch here: too loaded to check a ${maxSwitchFreezeMs} ms bound`
	);
	expect(picked, 'freeze across the picker switch (ms)').toBeLessThanOrEqual(maxSwitchFreezeMs);
	expect(switched, 'freeze across "Switch camera" (ms)').toBeLessThanOrEqual(maxSwitchFreezeMs);
});
