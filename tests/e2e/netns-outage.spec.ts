// The outage ladder (issue 15): two devices on one veth link (Lab.vethLan), a call made through the UI, a's link
// taken down for N seconds and brought back. Each run asserts the same call (no new code), "Reconnecting…"
// during the outage, audio and video advancing on both sides within mediaBackMs of the return, and that the
// link really was down. From 20 s on, between Chromiums, the user also chats both ways and sends a small file
// while "Reconnecting…" shows: nothing enters the dead link, and each arrives once after the return
// (./netns/user-sends.ts). CI runs a representative share; QRCALL_LONG=1 runs the whole ladder.
import { pingTimeoutMs } from '../../src/lib/rtc/liveness';
import { disconnectedGraceMs } from '../../src/lib/rtc/peer';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { AppDriver } from './app-driver';
import { Lab } from './netns/lab';
import { callThroughUi, note } from './netns/media';
import { expectRecovered, operstate, runOutage, rxPackets, type Fault, type Side } from './netns/outage';
import { stateLog, traceStates } from './netns/trace';
import { expectDeliveredOnce, sendWhileDown } from './netns/user-sends';

type Pairing = 'Chromium↔Chromium' | 'Chromium→Firefox' | 'Firefox→Chromium';

const long = process.env.QRCALL_LONG === '1';
/** [pairing, outage in s, in CI, fault (a's link cut unless said)]. The caller comes first in each name. */
const ladder: [Pairing, number, boolean, Fault?][] = [
	['Chromium↔Chromium', 10, false],
	// Back in CI in session 6. It raced in session 5 (5 of 9 runs failed): "Video paused" came ~5 s into the
	// outage, before ICE noticed it, and the key-frame request it sent stayed outstanding in the caller's SCTP;
	// at the link's return the caller's restart offer then never left SCTP's buffer (the joiner, which learns
	// the restart's password only from that offer, could not check back) and SCTP closed the call 4 s later.
	// A stalled video now asks only while something still arrives (rtc/video-watch.ts arrivalWithinMs).
	// Session 6 with that: 13 of 14 runs at load 7–26 (media 0.1–2.1 s after the return); the other, at load
	// 40, had the same call back with the joiner's video at 3.1 s.
	['Chromium↔Chromium', 20, true],
	// Session 6: 1 of 2; the other, at load 54, had its pages starved (the restart offer took 11 s to be
	// applied) and media back only 18–20 s after the return.
	['Chromium↔Chromium', 30, false],
	// Back in CI with the 20 s case (the same race failed it once of four in session 5). Session 6: 4 of 4
	// outages (media 0.2–1.3 s after the return); one more run failed before the cut (the call's setup, load 70).
	['Chromium↔Chromium', 45, true],
	['Chromium↔Chromium', 60, false],
	// Past the grace period: nothing answered for disconnectedGraceMs after ICE noticed the outage, so the app
	// ends the call, and both sides say it was the network gone that long (not a browser timer: neither DTLS
	// nor SCTP failed, session 8's trace).
	['Chromium↔Chromium', 90, false],
	// Firefox's ICE came back only at its next consent check (3.0 s after the return: media 2.9–3.3 s, failed
	// once). Session 5 made a 'disconnected' Firefox add the other side's candidates again every 1 s: media
	// 0.3–0.8 s, 2 of 2. Session 11 (Chromium 156, Firefox 153): 2 of 2 with them, media 0.13–0.45 s, Chromium's
	// ICE back 15–50 ms after the return; but Firefox 153 pairs no candidate added once it connected (one pair in
	// its stats throughout). Session 12, Chromium 156 / Firefox 153, without the re-adds: 5 of 6, media
	// 0.12–1.43 s (the miss: Chromium's video 3.5 s, Firefox's ICE back only 3.4 s after the return); the same
	// day with them: 5 of 6, media 0.12–2.44 s (the miss: Firefox's video 4.5 s, its ICE back 2.8 s after the
	// return), one pair in Firefox's stats in all 12. So they went: the misses are Firefox's consent timer
	// either way.
	['Chromium→Firefox', 20, false],
	['Chromium→Firefox', 45, false],
	// The Chromium joiner fails at ~15 s and drops every pair; the Firefox caller, still 'disconnected', does
	// not restart. When a's link returns Chromium often regathers and checks again (media 0.5–0.85 s after the
	// return); when it does not, the call waits for Firefox's next consent check (video 3.0–5.2 s). Firefox's
	// candidates are mDNS names here, which the joiner's renewed checks (rtc/restart.ts recheckEveryMs) could
	// not resolve. 5 of 6 runs in session 4 (one at exactly 3.0 s), 1 of 2 before. Session 5, with the key frame
	// asked for by whichever side sees the call back first and Firefox re-adding Chromium's candidates every 1 s
	// while 'disconnected': 3 of 4 (Chromium's video 2.5, 1.1, 1.8 s); the fourth, at load 21, came back only
	// 4 s after the return although Firefox re-added candidates at 0.6, 1.6 and 2.6 s (audio 3.6 s, video 5.3 s).
	// Session 11 (Chromium 156, Firefox 153): 8 of 10 (the misses: Chromium's video 4.3 s and 5.3 s). Packet
	// captures say why, and it is neither regathering nor names: in every run Chromium sent no check at all
	// until a Firefox consent request (one every 4–6 s) reached its old port, whose connections it dropped
	// when ICE failed; its renewals add candidates it has no port to pair with once its link went down (raw
	// IPs the same), and Firefox 153 ignores candidates added after it connected. Fast runs are a consent
	// request Firefox's kernel held until ARP answered (7 of 10). No page API makes either side check sooner.
	// Session 12, Chromium 156 / Firefox 153, without the re-adds: 2 of 2, media 0.56–0.89 s.
	['Firefox→Chromium', 20, false],
	// The path fails instead (no browser sees its network change, nobody regathers), Firefox with IP host
	// candidates as with real camera permission: the joiner's renewed checks bring ICE and audio back 0.1–0.6 s
	// after the return (3.6 s without them). Chromium's incoming video waited 1.7–3.8 s for Firefox's key frame
	// until the side that sees the call back first asks the other for one (rtc/peer.ts onBack): 0.55–1.3 s,
	// 3 of 3 in session 5. Session 11 (Chromium 156, Firefox 153): 2 of 2, audio 0.12–0.24 s, video 0.23–1.53 s.
	// Session 12, Chromium 156 / Firefox 153, without the re-adds: 2 of 2, audio 0.12–0.24 s, video 0.24–0.67 s.
	['Firefox→Chromium', 20, false, 'path'],
	// Both sides say that Firefox's consent expiry ended the call (rtc/outlasted.ts), ~29 s and ~39 s in.
	['Firefox→Chromium', 45, true]
];

/**
 * From the cut: ICE notices the outage (≤ ~10 s), the grace period (rtc/peer.ts disconnectedGraceMs) and its
 * last ping (rtc/liveness.ts pingTimeoutMs), plus slack. A call still up then was not ended by the timer.
 */
const pastGraceMs = 10_000 + disconnectedGraceMs + pingTimeoutMs + 5_000;

let lab: Lab | undefined;
test.afterEach(async () => {
	await lab?.destroy();
	lab = undefined;
});

/** Chromium in namespace a (whose link is cut); b is Chromium or Firefox. The call is made through the UI. */
async function call(lab: Lab, pairing: Pairing, fault: Fault): Promise<[Side, Side]> {
	await lab.vethLan();
	const a = await lab.launchDevice('a');
	if (pairing === 'Chromium↔Chromium') {
		const b = await lab.launchDevice('b');
		await callThroughUi(a.page, b.page);
		return [
			{ name: 'a (caller)', page: a.page },
			{ name: 'b (joiner)', page: b.page }
		];
	}
	const b = await lab.launchFirefoxDevice('b', { rawAddresses: fault === 'path' });
	const chromium = new AppDriver(a.page);
	const firefox = new AppDriver(b.page);
	const [caller, joiner] = pairing === 'Chromium→Firefox' ? [chromium, firefox] : [firefox, chromium];
	const answer = await joiner.answerCall(await caller.startCall());
	await caller.pasteCode(answer);
	for (const side of [chromium, firefox]) {
		await side.waitForState('Connected');
		await side.waitForRemoteVideo();
	}
	const chromiumRole = pairing === 'Chromium→Firefox' ? 'caller' : 'joiner';
	return [
		{ name: `a (Chromium ${chromiumRole})`, page: a.page },
		{ name: `b (Firefox ${chromiumRole === 'caller' ? 'joiner' : 'caller'})`, page: b.page }
	];
}

for (const [pairing, seconds, inCi, fault = 'link'] of ladder) {
	const expected =
		pairing !== 'Chromium↔Chromium' && seconds > 30
			? "Firefox's consent expiry ends the call, and both sides say so"
			: seconds > 60
				? 'the grace period ends the call, and both sides say so'
				: 'the same call, media back on both sides within 3 s';
	const down = fault === 'path' ? 'path dropped' : 'down';
	test(`@netns outage ladder, ${pairing}, ${seconds} s ${down}: ${expected}`, async () => {
		test.skip(!inCi && !long, 'part of the long ladder: QRCALL_LONG=1');
		test.setTimeout(150_000 + (pairing === 'Chromium↔Chromium' ? seconds * 1_000 : pastGraceMs));
		lab = await Lab.create();
		const sides = await call(lab, pairing, fault);
		if (pairing !== 'Chromium↔Chromium' && seconds > 30) return firefoxGivesUp(lab, sides);
		if (seconds > 60) return graceRunsOut(lab, sides);
		// The user chats and sends a file during "Reconnecting…" (rtc/hold.ts): Chromium pages, from 20 s on
		// (a 10 s outage leaves too little time after ICE notices it, ~6 s in).
		const [a, b] = [sides[0].page as Page, sides[1].page as Page];
		const userSends = pairing === 'Chromium↔Chromium' && seconds >= 20;
		const result = await runOutage(
			lab,
			sides,
			seconds * 1_000,
			(what, value) => note(test.info(), what, value),
			fault,
			userSends ? () => sendWhileDown(a, b, test.info()) : undefined
		);
		// The link really was down: nothing from a reached b while it was. A dropped path: both ends kept
		// sending (media alone is hundreds of packets a second) into the rule.
		if (fault === 'link') expect(result.receivedWhileDown, 'packets reached b while a was down').toBe(0);
		else expect(result.dropped, 'packets dropped').toBeGreaterThan(1_000);
		// Nothing entered SCTP while the link was down: it stays outstanding there and held the caller's
		// restart offer back at the return (a key-frame request 5 s in: rtc/video-watch.ts arrivalWithinMs).
		for (const { name } of sides)
			expect(result.sentWhileDown[name], `${name} sent into the dead link`).toEqual([]);
		await expectRecovered(sides, result);
		if (userSends) await expectDeliveredOnce(a, b);
		if (pairing !== 'Chromium↔Chromium') {
			// Firefox has stayed 'checking' on a restarted session while the call worked on the old pair: the
			// call must still be up once the grace period of that outage is long over.
			await new Promise((r) => setTimeout(r, Math.max(0, pastGraceMs - (Date.now() - result.cutAt))));
			for (const { name, page } of sides) {
				await test.step(`${name} still in the call after the grace period`, async () => {
					const app = new AppDriver(page);
					await app.waitForState('Connected', 5_000);
					await app.waitForRemoteVideo(10_000);
				});
			}
		}
	});
}

/** What both sides say when Firefox's consent expiry ended the call (messages/en.json ended_expired). */
const expiredMessage = 'The network was gone for 30 seconds — longer than Firefox keeps a call.';

/** Waits until `page` shows `text`; ms since `since`. */
async function shownAfter(page: Side['page'], text: string, since: number, timeoutMs: number) {
	await new AppDriver(page).waitFor(`"${text}"`, (t) => document.body.innerText.includes(t), text, timeoutMs);
	return Date.now() - since;
}

/**
 * Past 30 s no Firefox call survives: Firefox fails ICE at its consent expiry (RFC 7675, 30 s without a consent
 * answer; 28.5 s into the outage, measured), its DTLS transport fails with it (a terminal state) and SCTP
 * closes every data channel in the same millisecond, so nothing is left to renegotiate over. Both sides must
 * say exactly that, while the link is still down: Firefox from its own DTLS failure, Chromium from ~30 s of
 * silence from a peer whose hello said Firefox (rtc/outlasted.ts), not at its own 70 s grace period.
 */
async function firefoxGivesUp(lab: Lab, sides: [Side, Side]): Promise<void> {
	const [chromium, firefox] = sides;
	for (const side of sides) await traceStates(side.page);
	const cutAt = Date.now();
	await lab.setLink('a', 'eth0', false);
	const endedAfter = await Promise.all(
		sides.map((side) => shownAfter(side.page, expiredMessage, cutAt, 45_000))
	).finally(() => lab.setLink('a', 'eth0', true));
	note(test.info(), 'call ended after (ms since the cut; Chromium, Firefox)', endedAfter);
	for (const side of sides)
		note(test.info(), `${side.name} states (ms since the cut)`, await stateLog(side.page));
	const log = await stateLog(firefox.page);
	expect(
		log.some((line) => line.endsWith(' dtls=failed')),
		'Firefox failed DTLS'
	).toBe(true);
	expect(
		log.some((line) => line.endsWith(' sctp=closed')),
		'Firefox closed SCTP'
	).toBe(true);
	// Chromium's own DTLS never failed: it ended the call from what it knew of Firefox.
	expect(
		(await stateLog(chromium.page)).some((line) => line.endsWith(' dtls=failed')),
		'Chromium failed DTLS'
	).toBe(false);
	await endScreenShots(chromium.page as Page);
}

/** What both sides say when the grace period ran out (messages/en.json ended_grace). */
const graceMessage = 'The network was gone for over a minute — longer than qrcall waits for it.';

/**
 * Past the grace period (rtc/connection-policy.ts disconnectedGraceMs, counted from ICE's 'disconnected'
 * ~5 s into the outage) with nothing from the other side, each side ends the call and says why, while the
 * link is still down. No browser timer ends it first: Chromium keeps its failed ICE transport, DTLS has no
 * timer, and nothing is sent into the dead link that SCTP could give up on (rtc/hold.ts, rtc/liveness.ts).
 */
async function graceRunsOut(lab: Lab, sides: [Side, Side]): Promise<void> {
	for (const side of sides) await traceStates(side.page);
	const cutAt = Date.now();
	await lab.setLink('a', 'eth0', false);
	expect(await operstate(lab, 'a', 'eth0'), 'a is down').toBe('down');
	const rxBefore = await rxPackets(lab, 'b', 'eth0');
	// -1 when not shown in time: the states below then say what happened instead.
	const endedAfter = await Promise.all(
		sides.map((side) =>
			shownAfter(side.page, graceMessage, cutAt, pastGraceMs).then(
				(ms) => ms,
				() => -1
			)
		)
	);
	const receivedWhileDown = (await rxPackets(lab, 'b', 'eth0')) - rxBefore;
	await lab.setLink('a', 'eth0', true);
	note(test.info(), 'call ended after (ms since the cut; a, b)', endedAfter);
	for (const side of sides)
		note(test.info(), `${side.name} states (ms since the cut)`, await stateLog(side.page));
	expect(receivedWhileDown, 'packets reached b while a was down').toBe(0);
	for (const [i, side] of sides.entries()) {
		// The whole grace period was waited out (a browser timer that ended the call sooner would show here).
		expect(endedAfter[i], `${side.name} waited out the grace period`).toBeGreaterThan(disconnectedGraceMs);
		// Nor did a transport fail under the call (a closing SCTP would have ended it as 'remote-left' or 'lost',
		// with another message; our own close shows as sctp=closed, never as dtls=failed).
		const log = await stateLog(side.page);
		expect(
			log.filter((line) => line.endsWith(' dtls=failed')),
			`${side.name}: DTLS failed`
		).toEqual([]);
	}
	await endScreenShots(sides[0].page as Page, 'grace');
}

/** The end screen as a phone and a laptop show it, attached to the test's report. */
async function endScreenShots(page: Page, name = 'expired') {
	for (const [width, height] of [
		[390, 844],
		[1280, 720]
	] as const) {
		await page.setViewportSize({ width, height });
		const path = test.info().outputPath(`ended-${name}-${width}x${height}.png`);
		await page.screenshot({ path });
		await test.info().attach(`ended ${width}×${height}`, { path, contentType: 'image/png' });
	}
}
