// Chromium and Firefox as two devices on one offline LAN (a veth link between two network namespaces, nothing
// else): the call connects through the UI, and after an outage long enough for ICE to fail, the ICE restart
// negotiated over the data channel between the two engines brings the same call back.
import { expect, test } from './fixtures';
import { AppDriver, type EvaluatingPage } from './app-driver';
import { Lab, lanAddresses, type Device, type RemoteDevice } from './netns/lab';
import { localUfrag, note, selectedPair, stateLog, traceStates, waitForFlow } from './netns/media';

const { a: addrA, b: addrB } = lanAddresses;
/**
 * Past Chromium's ICE "failed" (~16 s in), so the ICE restart over the data channel runs; short of Firefox's
 * 30 s consent expiry (RFC 7675), after which Firefox stops using the path too. With both sides failed, nothing
 * can carry a restart offer any more (the data channel runs on the same dead path), and only new codes help.
 */
const outageMs = 20_000;
/**
 * From the cut: ICE notices the outage (≤ ~10 s), the 30 s grace period (rtc/peer.ts disconnectedGraceMs) and
 * the 3 s of its last ping (rtc/liveness.ts), plus slack. A call still up then was not ended by the timer.
 */
const pastGraceMs = 10_000 + 30_000 + 3_000 + 5_000;

let lab: Lab | undefined;
test.afterEach(async () => {
	await lab?.destroy();
	lab = undefined;
});

/** The veth LAN (Lab.vethLan): Chromium in namespace `a`, Firefox in `b`. */
async function mixedLan(lab: Lab): Promise<{ a: Device; b: RemoteDevice }> {
	await lab.vethLan();
	return { a: await lab.launchDevice('a'), b: await lab.launchFirefoxDevice('b') };
}

// Firefox as the caller, with a Chromium joiner, is the case that broke twice. The joiner's restart offer left
// Firefox 'checking' on the new session while media flowed on the old pair (the grace timer then ended the
// call: fixed by rtc/liveness.ts), or Firefox failed that session 5 s later and closed its data channel (fixed:
// that joiner no longer restarts, rtc/restart.ts). The call must stay up and show "Connected", past the grace
// period.
for (const firefoxRole of ['joiner', 'caller'] as const) {
	test(`@netns Chromium and Firefox (${firefoxRole}) on an offline LAN: after ${outageMs / 1000} s down, an ICE restart between the two browsers brings the same call back`, async () => {
		test.setTimeout(180_000);
		lab = await Lab.create();
		const { a, b } = await mixedLan(lab);
		const chromium = new AppDriver(a.page);
		const firefox = new AppDriver(b.page);
		const [caller, joiner] = firefoxRole === 'joiner' ? [chromium, firefox] : [firefox, chromium];

		const offer = await caller.startCall();
		const answer = await joiner.answerCall(offer);
		await caller.pasteCode(answer);
		for (const side of [chromium, firefox]) {
			await side.waitForState('Connected');
			await side.waitForRemoteVideo();
		}
		// Over the veth link. Firefox's host candidate is an mDNS name, whose address Chromium's stats withhold.
		const pair = await selectedPair(a.page);
		note(test.info(), 'selected pair at Chromium', pair);
		expect(pair?.localAddress).toContain(addrA);
		const before = { a: await localUfrag(a.page), b: await localUfrag(b.page) };

		await traceStates(a.page);
		await traceStates(b.page);
		const cutAt = Date.now();
		try {
			await lab.setLink('a', 'eth0', false);
			for (const side of [chromium, firefox]) await side.waitForState('Reconnecting…', 15_000);
			await a.page.waitForTimeout(Math.max(0, outageMs - (Date.now() - cutAt)));
			await lab.setLink('a', 'eth0', true);
			await lab.defaultRoute('a', { via: addrB });

			const [atA, atB] = await Promise.all([waitForFlow(a.page, 20_000), waitForFlow(b.page, 20_000)]);
			note(test.info(), 'media again after link returned (ms)', { chromium: atA, firefox: atB });
			/** Both in the same call, connected, with video. */
			const bothInCall = async (when: string) => {
				for (const [name, side] of Object.entries({ Chromium: chromium, Firefox: firefox })) {
					await test.step(`${name} is connected, with video, ${when}`, async () => {
						await side.waitForState('Connected', 5_000);
						await side.waitForRemoteVideo(10_000);
					});
				}
			};
			await bothInCall('once media flows again');
			await a.page.waitForTimeout(Math.max(0, pastGraceMs - (Date.now() - cutAt)));
			await bothInCall('after the grace period');
			if (firefoxRole === 'joiner') {
				// Chromium, the caller, failed and restarted: new ICE credentials on both sides, in the same call.
				await expect.poll(() => localUfrag(a.page), { timeout: 10_000 }).not.toBe(before.a);
				await expect.poll(() => localUfrag(b.page), { timeout: 10_000 }).not.toBe(before.b);
			} else {
				// A Chromium joiner leaves restarts to a Firefox caller (rtc/restart.ts restartsAfterFailure), and
				// Firefox never failed: the call came back on its old ICE session.
				expect(await localUfrag(a.page)).toBe(before.a);
				expect(await localUfrag(b.page)).toBe(before.b);
			}
			for (const page of [a.page, b.page] as EvaluatingPage[]) {
				const codeBox = await page.evaluate(() => document.querySelector('#my-code') !== null, null);
				expect(codeBox).toBe(false);
			}
		} finally {
			note(test.info(), 'states at Chromium (ms since cut)', await stateLog(a.page));
			note(test.info(), 'states at Firefox (ms since cut)', await stateLog(b.page));
		}
	});
}
