// Issue 12 §1: a call that cannot connect says so and why, within connectDeadlineMs (15 s) of the answer, on
// a screen of its own ("Could not connect", not "lost"), from the candidate types of both codes and the ICE
// servers used; the joiner, which cannot know whether its answer was read, gives the same reason with an "if".
// Each case is a real network in namespaces; all addresses are inside the lab.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from './fixtures';
import { answerCall, pasteCode, startCall } from './call-helpers';
import { Lab, type Device, type DeviceSettings } from './netns/lab';
import { note } from './netns/media';

/** Issue 12's bound, from the answer to the screen (the app's own deadline is shorter: drawing takes time). */
const deadlineMs = 15_000;

let lab: Lab | undefined;
test.afterEach(async () => {
	await lab?.destroy();
	lab = undefined;
});

/**
 * A device alone on its own network: its only link goes to a gateway that routes nowhere (forwarding off), so
 * packets to any other network vanish, as they do between two homes when no server helps.
 */
async function isolatedDevice(lab: Lab, ns: string, net: string, settings: DeviceSettings): Promise<Device> {
	await lab.addNamespace(ns);
	await lab.addNamespace(`g${ns}`);
	await lab.link({ ns, dev: 'eth0', addr: `${net}.2/24` }, { ns: `g${ns}`, dev: 'lan', addr: `${net}.1/24` });
	await lab.defaultRoute(ns, { via: `${net}.1` });
	await lab.serveApp(ns);
	return lab.launchDevice(ns, settings);
}

/** Start, answer, paste the answer back (the caller applies it: stage one is done). */
async function callThatFails(caller: Page, joiner: Page): Promise<void> {
	const offer = await startCall(caller);
	const answer = await answerCall(joiner, offer);
	await pasteCode(caller, answer);
}

/** The screen shows, with this exact reason; returns ms from the applied answer to the screen seen. */
async function expectCouldNotConnect(page: Page, reason: string): Promise<number> {
	await expect(page.getByRole('heading', { name: 'Could not connect' })).toBeVisible({ timeout: 20_000 });
	const elapsed = await page.evaluate(
		() => performance.now() - (performance.getEntriesByName('qrcall:answer-applied')[0]?.startTime ?? NaN)
	);
	await expect(page.getByTestId('failure-reason')).toHaveText(reason);
	await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Settings' })).toBeVisible();
	return elapsed;
}

/**
 * The joiner cannot know whether its answer was read, so its waiting screen gives the same reason with an
 * "if" once the caller would long have connected (JoinScreen's joinHintAfterMs).
 */
async function expectJoinerHint(page: Page, reason: string): Promise<void> {
	const hint = `Still not connected? Once the other device reads your answer, the call starts within seconds. If it already has: ${reason}`;
	await expect(page.getByRole('status').getByText(hint, { exact: true })).toBeVisible({ timeout: 10_000 });
}

test('@netns different networks, no route, no servers: "Could not connect" with that reason within 15 s', async () => {
	lab = await Lab.create();
	const a = await isolatedDevice(lab, 'a', '10.61.1', { iceServers: [] });
	const b = await isolatedDevice(lab, 'b', '10.61.2', { iceServers: [] });
	await callThatFails(a.page, b.page);
	const elapsed = await expectCouldNotConnect(
		a.page,
		'You are on different networks and no server was used to find a way through — connect to the same Wi-Fi, or add a STUN/TURN server in Settings.'
	);
	note(test.info(), 'answer → could-not-connect (ms)', Math.round(elapsed));
	expect(elapsed).toBeLessThanOrEqual(deadlineMs);
	await expectJoinerHint(
		b.page,
		'You are on different networks and no server was used to find a way through — connect to the same Wi-Fi, or add a STUN/TURN server in Settings.'
	);
	await b.page.setViewportSize({ width: 390, height: 844 });
	await b.page.screenshot({ path: test.info().outputPath('joiner-hint-390x844.png'), fullPage: true });

	// The screen itself: no axe violation of any impact, and readable on a phone and a laptop.
	const { violations } = await new AxeBuilder({ page: a.page }).analyze();
	expect(violations.map((v) => `${v.id} (${v.impact}): ${v.help}`)).toEqual([]);
	for (const [width, height] of [
		[390, 844],
		[1280, 720]
	] as const) {
		await a.page.setViewportSize({ width, height });
		await expect(a.page.getByRole('button', { name: 'Try again' })).toBeInViewport();
		await a.page.screenshot({ path: test.info().outputPath(`could-not-connect-${width}x${height}.png`) });
	}

	// Try again: new codes in the same role (the caller shows a new code).
	await a.page.getByRole('button', { name: 'Try again' }).click();
	await expect(a.page.getByRole('textbox', { name: 'Your code' })).toHaveValue(/#/, { timeout: 15_000 });
});

/** Two NAT routers on a "public" segment where coturn answers STUN; UDP between the routers is dropped. */
test('@netns STUN, but UDP between the NATs dropped: "a TURN relay is needed"', async () => {
	lab = await Lab.create();
	const stunIp = '10.89.0.1';
	const wan = { a: '10.89.0.2', b: '10.89.0.3' };
	for (const ns of ['p', 'a', 'ra', 'b', 'rb']) await lab.addNamespace(ns);
	await lab.bridge('p', 'br0', `${stunIp}/24`);
	for (const side of ['a', 'b'] as const) {
		const router = `r${side}`;
		const lan = side === 'a' ? '10.67.1' : '10.67.2';
		await lab.link({ ns: router, dev: 'wan', addr: `${wan[side]}/24` }, { ns: 'p', dev: `to${router}` });
		await lab.attachToBridge('p', `to${router}`, 'br0');
		await lab.link(
			{ ns: side, dev: 'eth0', addr: `${lan}.2/24` },
			{ ns: router, dev: 'lan', addr: `${lan}.1/24` }
		);
		await lab.defaultRoute(side, { via: `${lan}.1` });
		await lab.defaultRoute(router, { via: stunIp });
		await lab.natRouter(router, 'wan');
		// A firewall that lets STUN out but no UDP towards the other home.
		const other = side === 'a' ? wan.b : wan.a;
		await lab.nft(
			router,
			`table ip qcblock { chain block { type filter hook forward priority -1; policy accept;
				ip daddr ${other} udp dport != 53 drop; }
}`
		);
	}
	await lab.startTurn('p', stunIp, 'qrcall', 'lab-secret');
	await Promise.all([lab.serveApp('a'), lab.serveApp('b')]);
	const settings = { iceServers: [{ urls: `stun:${stunIp}:3478` }] };
	const a = await lab.launchDevice('a', settings);
	const b = await lab.launchDevice('b', settings);
	await callThatFails(a.page, b.page);
	const turnNeeded = 'Your networks block direct calls — a TURN relay is needed (Settings).';
	const elapsed = await expectCouldNotConnect(a.page, turnNeeded);
	note(test.info(), 'answer → could-not-connect (ms)', Math.round(elapsed));
	expect(elapsed).toBeLessThanOrEqual(deadlineMs);
	await expectJoinerHint(b.page, turnNeeded);
});

test('@netns relay only, with a TURN address nothing answers on: the message names the server', async () => {
	lab = await Lab.create();
	// 10.61.1.9 is on the device's own network, where no host has it.
	const turn = { urls: 'turn:10.61.1.9:3478?transport=udp', username: 'qrcall', credential: 'x' };
	const a = await isolatedDevice(lab, 'a', '10.61.1', { iceServers: [turn], relayOnly: true });
	await a.page.getByRole('button', { name: 'Start a call' }).click();
	// The home screen's persistent status line (a live region that exists before its text) says it.
	const status = a.page.getByRole('status').filter({ hasText: 'TURN server' });
	await expect(status).toHaveText(
		'The TURN server turn:10.61.1.9:3478 did not answer — check it in Settings, or connect to the same Wi-Fi.',
		{ timeout: 20_000 }
	);
});
