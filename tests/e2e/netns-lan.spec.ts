// Two devices on one offline LAN (a veth link between two network namespaces, nothing else): a full call
// through the UI, then the same call under a link cut, random loss and a bandwidth cap. Nothing is mocked:
// the app runs in two real Chromium instances, each inside its namespace, against its own 127.0.0.1.
import { videoCheckEveryMs, videoStallMs } from '../../src/lib/rtc/video-watch';
import { expect, test } from './fixtures';
import { makeBusyCameraY4m } from './fake-camera';
import { Lab, type Device, type DeviceSettings } from './netns/lab';
import { servedByServiceWorker, waitForServiceWorker } from './pwa-helpers';
import { callThroughUi, longestFreezeMs, note, sample, snapshot } from './netns/media';

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

// Link cuts and outages of 10 to 60 s: the outage ladder, netns-outage.spec.ts.

test('@netns 10 % random loss each way: video keeps decoding for 20 s and audio keeps flowing', async () => {
	lab = await Lab.create();
	const { a, b } = await lan(lab);
	await callThroughUi(a.page, b.page);
	const before = await Promise.all([snapshot(a.page), snapshot(b.page)]);
	await lab.addLoss('a', 'eth0', 10);
	await lab.addLoss('b', 'eth0', 10);

	const samples = await sample(a.page, 20_000, 1_000);
	// Packets really were lost on the way in, at each device: the receiver counted them or asked again.
	for (const [i, page] of [a.page, b.page].entries()) {
		const now = await snapshot(page);
		const lost = now.packetsLost - before[i]!.packetsLost;
		const nacks = now.nacksSent - before[i]!.nacksSent;
		note(test.info(), `${i ? 'b' : 'a'}: packets lost / NACKs sent under loss`, [lost, nacks]);
		expect(lost + nacks, `${i ? 'b' : 'a'} saw loss`).toBeGreaterThan(0);
	}
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
	// Precondition: uncapped, the sender's video rises above the cap it must later adapt to.
	await expect
		.poll(async () => (await snapshot(b.page)).targetBitrate, {
			message: 'uncapped video target above 1 Mbit/s',
			timeout: 30_000,
			intervals: [500]
		})
		.toBeGreaterThan(1_000_000);
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
	// Adapted against that: the encoder's target fell from above the cap to under it (resolution may drop as
	// well), and what was sent over the 30 s fits the cap.
	expect(before.targetBitrate).toBeGreaterThan(1_000_000);
	expect(last.targetBitrate).toBeGreaterThan(0);
	expect(last.targetBitrate).toBeLessThan(1_000_000);
	expect(bitrate).toBeLessThan(1_000_000);
});

test('@netns video frozen while connected: after 5 s the receiver says "Video paused", until frames come back', async () => {
	test.setTimeout(120_000);
	lab = await Lab.create();
	const { a, b } = await lan(lab);
	await callThroughUi(a.page, b.page);
	const paused = a.page.getByRole('status').filter({ hasText: 'Video paused' });
	await expect(paused).toHaveCount(0);
	// Only b's video stops reaching a: its packets are the large ones (audio, ICE checks and the channel's
	// small messages stay under 600 bytes), so ICE stays connected and the call says "Connected".
	const lift = await lab.dropOutgoing('b', 'eth0', 'ip length > 600');
	const stoppedAt = Date.now();
	await expect(paused).toBeVisible({ timeout: 12_000 });
	const shownAfter = Date.now() - stoppedAt;
	await expect(a.page.getByRole('status').filter({ hasText: /^Connected$/ })).toBeVisible();
	// The badge as people see it, on a laptop and on a phone.
	await a.page.screenshot({ path: test.info().outputPath('video-paused-1280.png') });
	await a.page.setViewportSize({ width: 390, height: 844 });
	await a.page.screenshot({ path: test.info().outputPath('video-paused-390.png') });
	const frozen = await snapshot(a.page);
	await a.page.waitForTimeout(1_000);
	expect((await snapshot(a.page)).framesDecoded, 'no frame decoded while paused').toBe(frozen.framesDecoded);
	const dropped = await lift();
	note(test.info(), '"Video paused" shown after (ms) / packets dropped', [shownAfter, dropped]);
	// Not before the stall period (less the one-second sampling of the frame counter).
	expect(shownAfter).toBeGreaterThanOrEqual(videoStallMs - videoCheckEveryMs);
	await expect(paused).toHaveCount(0, { timeout: 10_000 });
	expect((await snapshot(a.page)).framesDecoded).toBeGreaterThan(frozen.framesDecoded);
});
