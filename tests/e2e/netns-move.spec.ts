// A device that changes networks mid-call, and a link that loses every packet in one direction (issue 15).
// Two Chromium devices on one veth link (Lab.vethLan), the call made through the UI. The same call must come
// back by itself (no new code) when one side's address changes or one direction drops everything for 20 s;
// when both sides' addresses change nothing can bring it back, and both say so at once.
import { AppDriver } from './app-driver';
import { expect, test } from './fixtures';
import { Lab, lanAddresses, type Device } from './netns/lab';
import { callThroughUi, flowAfter, note, selectedPair } from './netns/media';
import { stateLog, traceStates } from './netns/trace';
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

async function lan(lab: Lab): Promise<{ a: Device; b: Device; sides: [Side, Side] }> {
	await lab.vethLan();
	const a = await lab.launchDevice('a');
	const b = await lab.launchDevice('b');
	await callThroughUi(a.page, b.page);
	for (const device of [a, b]) await traceStates(device.page);
	return {
		a,
		b,
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

// The moved side restarts ICE; its checks from the new address reach the side that stayed, which learns the
// new ufrag but not the password to check back with, so the link works one way until the restart offer crosses
// it (deflated: rtc/channel.ts). The caller's move runs in CI; the rest with QRCALL_LONG=1.
for (const who of [['a'], ['b']] as const) {
	const role = who[0] === 'a' ? 'caller' : 'joiner';
	test(`@netns address change on the ${role}: the same call comes back by itself over the new address`, async () => {
		test.skip(role !== 'caller' && !long, 'part of the long set: QRCALL_LONG=1');
		test.setTimeout(150_000);
		lab = await Lab.create();
		const { a, b, sides } = await lan(lab);
		const marks = await Promise.all(sides.map((s) => markCall(s.page)));
		const movedAt = Date.now();
		await move(lab, [...who]);
		const flows = await Promise.all(sides.map((s) => flowAfter(s.page, 40_000)));
		for (const side of sides) note(test.info(), `states at ${side.name}`, await stateLog(side.page));
		note(test.info(), 'media again after the move (ms)', flows);
		for (const [i, side] of sides.entries()) {
			expect(flows[i]!.video, `${side.name}: video back`).toBeGreaterThanOrEqual(0);
			expect(flows[i]!.audio, `${side.name}: audio back`).toBeGreaterThanOrEqual(0);
			expect(await markCall(side.page), `${side.name}: same RTCPeerConnection`).toBe(marks[i]);
		}
		note(test.info(), 'back after (ms)', Date.now() - movedAt);
		// Over the new address: the side that stayed now reaches the moved one there.
		const stayed = who[0] === 'a' ? b : a;
		const pair = await selectedPair(stayed.page);
		note(test.info(), 'selected pair where the address stayed', pair);
		expect(pair?.remoteAddress.split(':')[0]).toBe(moved[who[0]]);
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
