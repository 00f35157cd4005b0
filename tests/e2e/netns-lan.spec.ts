// Two devices on one offline LAN (a veth link between two network namespaces, nothing else): a full call
// through the UI, then the same call under a link cut, random loss and a bandwidth cap. Nothing is mocked:
// the app runs in two real Chromium instances, each inside its namespace, against its own 127.0.0.1.
import { expect, test } from './fixtures';
import { makeBusyCameraY4m } from './fake-camera';
import { Lab, lanAddresses, type Device, type DeviceSettings } from './netns/lab';
import { servedByServiceWorker, waitForServiceWorker } from './pwa-helpers';
import {
	callThroughUi,
	localUfrag,
	longestFreezeMs,
	note,
	sample,
	snapshot,
	stateLog,
	traceStates,
	waitForFlow
} from './netns/media';

const { b: addrB } = lanAddresses;

/** The veth LAN (Lab.vethLan) with a Chromium device in each namespace. */
async function lan(lab: Lab, settingsB: DeviceSettings = {}): Promise<{ a: Device; b: Device }> {
	await lab.vethLan();
	const a = await lab.launchDevice('a');
	const b = await lab.launchDevice('b', settingsB);
	return { a, b };
}

let lab: Lab | undefined;
test.afterEach(async () => {
	await lab?.destroy();
	lab = undefined;
});

test('@netns offline LAN: the app servers stop, each device reloads qrcall from its service worker, and a full call runs over one veth link and nothing else', async () => {
	lab = await Lab.create();
	const t0 = Date.now();
	const { a, b } = await lan(lab);
	for (const device of [a, b]) await waitForServiceWorker(device.page);
	await Promise.all([lab.stopApp('a'), lab.stopApp('b')]);
	for (const device of [a, b]) {
		await device.page.reload();
		expect(await servedByServiceWorker(device.page)).toBe(true);
		// Nothing answers HTTP any more: a file the worker does not hold cannot be fetched.
		const probe = await device.page.evaluate(() =>
			fetch(`/_app/version.json?probe=${Date.now()}`).then(
				() => 'fetched',
				() => 'failed'
			)
		);
		expect(probe).toBe('failed');
	}
	const t1 = Date.now();
	await callThroughUi(a.page, b.page);
	note(test.info(), 'setup / call (ms)', [t1 - t0, Date.now() - t1]);
	const frames = await snapshot(a.page);
	note(test.info(), 'received video', `${frames.width}x${frames.height}`);
	expect(frames.width).toBeGreaterThan(0);
});

/** Takes a's only link down for `downMs` (both sides show "Reconnecting…"), then brings it and its route back. */
async function cutLink(lab: Lab, a: Device, b: Device, downMs: number): Promise<void> {
	await traceStates(a.page);
	await traceStates(b.page);
	const cutAt = Date.now();
	await lab.setLink('a', 'eth0', false);
	for (const { page } of [a, b]) {
		await expect(page.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible({
			timeout: Math.max(500, 10_000 - (Date.now() - cutAt))
		});
	}
	await a.page.waitForTimeout(Math.max(0, downMs - (Date.now() - cutAt)));
	await lab.setLink('a', 'eth0', true);
	await lab.defaultRoute('a', { via: addrB }); // a Wi-Fi that comes back brings its routes back too
}

/** Connected again, in the same call: no code screen, nothing scanned or pasted again. */
async function expectSameCallBack(a: Device, b: Device): Promise<void> {
	note(test.info(), 'states at a (ms since cut)', await stateLog(a.page));
	note(test.info(), 'states at b (ms since cut)', await stateLog(b.page));
	for (const { page } of [a, b]) {
		await expect(page.getByRole('status').filter({ hasText: /^Connected$/ })).toBeVisible({ timeout: 5_000 });
		await expect(page.getByRole('textbox', { name: 'Paste a code' })).toHaveCount(0);
	}
}

test('@netns link cut: 10 s down, media flows again within 5 s of its return, with no new code', async () => {
	test.setTimeout(120_000);
	lab = await Lab.create();
	const { a, b } = await lan(lab);
	await callThroughUi(a.page, b.page);
	await cutLink(lab, a, b, 10_000);
	const [atA, atB] = await Promise.all([waitForFlow(a.page, 5_000), waitForFlow(b.page, 5_000)]);
	note(test.info(), 'media again after link returned (ms)', { a: atA, b: atB });
	await expectSameCallBack(a, b);
});

test('@netns long outage: 25 s down, past ICE "failed", an ICE restart over the data channel brings the same call back', async () => {
	test.setTimeout(150_000);
	lab = await Lab.create();
	const { a, b } = await lan(lab);
	await callThroughUi(a.page, b.page);
	const before = { a: await localUfrag(a.page), b: await localUfrag(b.page) };
	await cutLink(lab, a, b, 25_000);
	// Chromium declares the connection failed ~15 s into the outage; the app restarts ICE instead of hanging up.
	expect((await stateLog(a.page)).some((entry) => entry.endsWith('pc=failed'))).toBe(true);
	const [atA, atB] = await Promise.all([waitForFlow(a.page, 15_000), waitForFlow(b.page, 15_000)]);
	note(test.info(), 'media again after link returned (ms)', { a: atA, b: atB });
	for (const [name, media] of Object.entries({ a: atA, b: atB })) {
		expect(media.audio, `audio at ${name} within 5 s`).toBeLessThan(5_000);
	}
	await expectSameCallBack(a, b);
	// The restart was negotiated: new ICE credentials on both sides, the same DTLS session and call.
	await expect.poll(() => localUfrag(a.page), { timeout: 10_000 }).not.toBe(before.a);
	await expect.poll(() => localUfrag(b.page), { timeout: 10_000 }).not.toBe(before.b);
});

test('@netns 10 % random loss each way: video keeps decoding for 20 s and audio keeps flowing', async () => {
	lab = await Lab.create();
	const { a, b } = await lan(lab);
	await callThroughUi(a.page, b.page);
	await lab.addLoss('a', 'eth0', 10);
	await lab.addLoss('b', 'eth0', 10);

	const samples = await sample(a.page, 20_000, 1_000);
	const frames = samples.map((s) => s.framesDecoded);
	note(test.info(), 'frames decoded each second under loss', frames);
	note(test.info(), 'longest freeze under loss (ms)', longestFreezeMs(samples));
	for (let i = 1; i < samples.length; i++) {
		expect(samples[i]!.framesDecoded, `frames decoded at second ${i}`).toBeGreaterThan(
			samples[i - 1]!.framesDecoded
		);
		expect(samples[i]!.audioPackets, `audio packets at second ${i}`).toBeGreaterThan(
			samples[i - 1]!.audioPackets
		);
	}
	const last = await snapshot(b.page);
	expect(last.framesDecoded).toBeGreaterThan(0);
});

test('@netns 1 Mbit/s cap: no video freeze over 2 s in 30 s, and the video adapts', async () => {
	test.setTimeout(120_000);
	lab = await Lab.create();
	// b's camera never compresses well, so its encoder always wants more than the cap: it has to adapt.
	// (Chromium's own fake camera needs ~0.4 Mbit/s, under the cap, and then nothing has to adapt.)
	const busyCamera = await makeBusyCameraY4m(test.info().outputPath('busy-camera.y4m'));
	const { a, b } = await lan(lab, { fakeVideo: busyCamera });
	await callThroughUi(a.page, b.page);
	// Let the uncapped call ramp up first, so that adapting down is visible (best effort on a busy machine).
	await expect
		.poll(async () => (await snapshot(b.page)).targetBitrate, { timeout: 12_000, intervals: [500] })
		.toBeGreaterThan(1_000_000)
		.catch(() => undefined);
	const before = await snapshot(b.page);
	await lab.limitRate('a', 'eth0', '1mbit');
	await lab.limitRate('b', 'eth0', '1mbit');

	const samples = await sample(a.page, 30_000, 200);
	const sender = await sample(b.page, 0);
	const freeze = longestFreezeMs(samples);
	const last = sender.at(-1)!;
	const bitrate = Math.round(((last.bytesSent - before.bytesSent) * 8) / ((last.at - before.at) / 1000));
	note(test.info(), 'longest freeze at 1 Mbit/s (ms)', freeze);
	note(
		test.info(),
		'sender before cap',
		`${before.sentWidth}x${before.sentHeight} target ${before.targetBitrate}`
	);
	note(
		test.info(),
		'sender after 30 s at 1 Mbit/s',
		`${last.sentWidth}x${last.sentHeight} target ${last.targetBitrate} limited by ${last.qualityLimitation}; mean ${bitrate} bit/s`
	);
	note(test.info(), 'received video', `${samples.at(-1)!.width}x${samples.at(-1)!.height}`);
	expect(freeze).toBeLessThanOrEqual(2_000);
	// Adapted: the encoder's target fits under the cap (resolution may drop as well).
	expect(last.targetBitrate).toBeGreaterThan(0);
	expect(last.targetBitrate).toBeLessThan(1_000_000);
});
