// A device that changes networks mid-call, and a link that loses every packet in one direction (issue 15).
// Two Chromium devices on one veth link (Lab.vethLan), the call made through the UI. The same call must come
// back by itself (no new code) when one side's address changes or one direction drops everything for 20 s;
// when both sides' addresses change nothing can bring it back, and both say so at once.
import { AppDriver } from './app-driver';
import { expect, test } from './fixtures';
import { Lab, lanAddresses, type Device } from './netns/lab';
import { callThroughUi, flowAfter, note, selectedPair } from './netns/media';
import { stateLog, traceStates } from './netns/trace';
import { iceLog, saveTrace, traceIce } from './netns/ice-trace';
import { expectRecovered, markCall, whenShown, type Side } from './netns/outage';

const long = process.env.QRCALL_LONG === '1';
/** The new addresses after a move, on the same link and subnet (nothing tells the other side about them). */
const moved = { a: '10.77.0.11', b: '10.77.0.12' } as const;
/** The bound for the one case nothing can save: both sides say so this soon after the move. */
const bothMovedNoticeMs = 10_000;
/** How long a one-way loss lasts. */
const oneWayMs = 20_000;

let lab: Lab | undefined;
test.afterEach(async () => {
	await lab?.destroy();
	lab = undefined;
});

async function lan(lab: Lab): Promise<{ a: Device; b: Device; sides: [Side, Side]; since: number }> {
	await lab.vethLan();
	const a = await lab.launchDevice('a');
	const b = await lab.launchDevice('b');
	await callThroughUi(a.page, b.page);
	// One time line for both sides' logs (the namespaces share the test process's clock).
	const since = Date.now();
	for (const device of [a, b]) await traceStates(device.page, since);
	return {
		a,
		b,
		since,
		sides: [
			{ name: 'a (caller)', page: a.page },
			{ name: 'b (joiner)', page: b.page }
		]
	};
}

/**
 * Moves each named side to its new address (both at once when both move), then proves the move happened:
 * the old address is gone from the device and the new one is there.
 */
async function move(lab: Lab, who: ('a' | 'b')[]): Promise<void> {
	const other = { a: 'b', b: 'a' } as const;
	await Promise.all(
		who.map((side) =>
			lab.changeAddress(
				side,
				'eth0',
				`${lanAddresses[side]}/24`,
				`${moved[side]}/24`,
				who.includes(other[side]) ? moved[other[side]] : lanAddresses[other[side]]
			)
		)
	);
	for (const side of who) {
		expect(await lab.addresses(side, 'eth0'), `${side} moved`).toEqual([`${moved[side]}/24`]);
	}
}

/** A control message leaves the moved side this long after the move: before ICE notices (5–6 s). */
const sentIntoDeadLinkMs = 1_000;
/** The restart offer crosses at SCTP's next retransmission once the link carries both ways (rtc/ice-handoff). */
const restartNegotiatedMs = 30_000;

/**
 * The moved side sends one `media` message (what a mic toggle sends; the call still says "Connected") into
 * the dead link: it stays unacknowledged in SCTP, whose window then lets nothing else out until it is.
 */
async function sendIntoDeadLink(page: Device['page']): Promise<void> {
	await new Promise((resolve) => setTimeout(resolve, sentIntoDeadLinkMs));
	await page.evaluate(() => {
		const pc = (window.__qrcallPeers ?? []).find((p) => p.connectionState !== 'closed');
		const channels = (pc as (RTCPeerConnection & { __qcChannels?: RTCDataChannel[] }) | undefined)
			?.__qcChannels;
		channels
			?.find((c) => c.label === 'qrcall')
			?.send(JSON.stringify({ t: 'media', mic: true, camera: true }));
	}, null);
}

/** Saves both sides' traces (QRCALL_TRACE_DIR) and notes their state logs. */
async function keepTraces(sides: Side[], name: string, since: number, movedAt: number): Promise<void> {
	for (const side of sides) {
		const states = await stateLog(side.page);
		note(test.info(), `states at ${side.name}`, states);
		await saveTrace(`${name}-${test.info().repeatEachIndex}-${side.name.split(' ')[0]}`, {
			[`states (ms since the call; the move at ${movedAt - since})`]: states,
			'ICE (ms since the move)': await iceLog(side.page)
		});
	}
}

/**
 * One side moves (after sending into the dead link, with `early`); the same call must come back both ways,
 * and then the restart finish over the new address: the side that stayed selects a pair to it.
 */
async function movesAndComesBack(who: 'a' | 'b', early: boolean): Promise<void> {
	lab = await Lab.create();
	const { a, b, sides, since } = await lan(lab);
	const marks = await Promise.all(sides.map((s) => markCall(s.page)));
	const movedAt = Date.now();
	for (const side of sides) await traceIce(side.page, movedAt);
	await move(lab, [who]);
	if (early) await sendIntoDeadLink((who === 'a' ? a : b).page);
	const flows = await Promise.all(sides.map((s) => flowAfter(s.page, 40_000)));
	await keepTraces(
		sides,
		`${who === 'a' ? 'caller' : 'joiner'}-moved${early ? '-early' : ''}`,
		since,
		movedAt
	);
	note(test.info(), 'media again after the move (ms)', flows);
	for (const [i, side] of sides.entries()) {
		expect(flows[i]!.video, `${side.name}: video back`).toBeGreaterThanOrEqual(0);
		expect(flows[i]!.audio, `${side.name}: audio back`).toBeGreaterThanOrEqual(0);
		expect(await markCall(side.page), `${side.name}: same RTCPeerConnection`).toBe(marks[i]);
	}
	note(test.info(), 'back after (ms)', Date.now() - movedAt);
	// Over the new address: the side that stayed now reaches the moved one there (its peer-reflexive candidate
	// shows no address until the restart offer named it).
	const stayed = who === 'a' ? b : a;
	await expect
		.poll(async () => (await selectedPair(stayed.page))?.remoteAddress.split(':')[0], {
			timeout: restartNegotiatedMs
		})
		.toBe(moved[who]);
	note(test.info(), 'restart negotiated after (ms)', Date.now() - movedAt);
}

// The moved side restarts ICE; its checks from the new address reach the side that stayed, which learns the
// new ufrag but not the password to check back with, so the link works one way until that password crosses
// it (rtc/ice-handoff). The caller's move runs in CI; the rest with QRCALL_LONG=1.
for (const who of ['a', 'b'] as const) {
	const role = who === 'a' ? 'caller' : 'joiner';
	test(`@netns address change on the ${role}: the same call comes back by itself over the new address`, async () => {
		test.skip(role !== 'caller' && !long, 'part of the long set: QRCALL_LONG=1');
		test.setTimeout(150_000);
		await movesAndComesBack(who, false);
	});
	// Issue 15, seen once under load: a message the moved side sent before ICE noticed held its restart offer
	// in SCTP for good (4 of 4 joiner runs, 2 of 2 caller runs before rtc/ice-handoff).
	test(`@netns address change on the ${role} after a message into the dead link: the call still comes back`, async () => {
		test.skip(role !== 'joiner' && !long, 'part of the long set: QRCALL_LONG=1');
		test.setTimeout(150_000);
		await movesAndComesBack(who, true);
	});
}

// Each side finds its own move when ICE notices the outage (5.2–5.5 s in) and restarts; the checks from its new
// address then go unanswered (the other side's old address is gone too), which says it (rtc/moved.ts) about
// 1.5 s later. Before, a fixed 4 s wait after the move was found gave 9.5–11.1 s: that case sat in the long set.
// Session 8: 7.4–9.5 s on 4 sides of 2 runs at load 6–41 (the 9.5 s side's ICE noticed the outage only 7.55 s in).
test('@netns address change on both sides: both say at once that only a new call helps', async () => {
	test.setTimeout(120_000);
	lab = await Lab.create();
	const { sides } = await lan(lab);
	const movedAt = Date.now();
	await move(lab, ['a', 'b']);
	const shownAt: Record<string, number> = {};
	await Promise.all(
		sides.map(async ({ name, page }) => {
			const ended = new AppDriver(page).waitFor(
				'the both-moved message',
				(text) => document.body.innerText.includes(text),
				'Both devices changed networks — start a new call',
				bothMovedNoticeMs + 5_000
			);
			shownAt[name] = await ended.then(
				() => Date.now() - movedAt,
				() => -1
			);
		})
	);
	for (const side of sides) note(test.info(), `states at ${side.name}`, await stateLog(side.page));
	note(test.info(), 'message shown after the move (ms)', shownAt);
	for (const side of sides) {
		expect(shownAt[side.name], `${side.name} said so`).toBeGreaterThan(0);
		expect(shownAt[side.name], `${side.name} said so within 10 s`).toBeLessThanOrEqual(bothMovedNoticeMs);
	}
});

for (const from of ['a', 'b'] as const) {
	const direction = from === 'a' ? 'caller → joiner' : 'joiner → caller';
	test(`@netns one-way loss ${direction} for 20 s: the same call comes back, media within 3 s of the end`, async () => {
		test.skip(!long, 'part of the long set: QRCALL_LONG=1');
		test.setTimeout(150_000);
		lab = await Lab.create();
		const { sides } = await lan(lab);
		const marks = await Promise.all(sides.map((s) => markCall(s.page)));
		const startedAt = Date.now();
		const lift = await lab.dropOutgoing(from, 'eth0');
		const reconnectingAt = await whenShown(sides, 'Reconnecting…', startedAt, oneWayMs - 500);
		await new Promise((r) => setTimeout(r, Math.max(0, oneWayMs - (Date.now() - startedAt))));
		const dropped = await lift();
		const flows = await Promise.all(sides.map((s) => flowAfter(s.page, 20_000)));
		for (const side of sides) note(test.info(), `states at ${side.name}`, await stateLog(side.page));
		const back = Object.fromEntries(sides.map((s, i) => [s.name, flows[i]!]));
		note(test.info(), 'one-way result', { dropped, back, reconnectingAt });
		// The fault was real: the rule dropped what this side sent (media alone is hundreds of packets a second).
		expect(dropped, 'packets dropped in one direction').toBeGreaterThan(1_000);
		for (const [i, side] of sides.entries()) {
			expect(await markCall(side.page), `${side.name}: same RTCPeerConnection`).toBe(marks[i]);
		}
		await expectRecovered(sides, { back, reconnectingAt });
	});
}
