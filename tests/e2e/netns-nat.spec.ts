// Two devices, each in a private network behind its own NAT router (nftables masquerade), the routers on a
// "public" segment where coturn runs. With STUN the call connects over server-reflexive candidates (hole
// punching); with "relay only" it connects through coturn as TURN. All addresses are inside the lab.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decode } from '../../src/lib/signal';
import { answerCall, expectConnected, expectMediaFlowing, pasteCode, startCall } from './call-helpers';
import { expect, test, type Page } from './fixtures';
import { Lab, type Device, type DeviceSettings } from './netns/lab';
import { callThroughUi, note, selectedPair } from './netns/media';

const turnIp = '10.88.0.1'; // coturn, on the public segment (a bridge in namespace `p`)
const wan = { a: '10.88.0.2', b: '10.88.0.3' }; // the routers' public addresses
const lanNet = { a: '10.66.1', b: '10.66.2' }; // the private networks behind them
const user = 'qrcall';
const pass = 'lab-secret';

/**
 *   a (10.66.1.2) ── ra [NAT] ──┐
 *                               ├── p: bridge 10.88.0.0/24, coturn on 10.88.0.1:3478
 *   b (10.66.2.2) ── rb [NAT] ──┘
 */
async function natLab(
	lab: Lab,
	settings: (side: 'a' | 'b') => DeviceSettings,
	options: { perDestination?: boolean } = {}
): Promise<{ a: Device; b: Device }> {
	for (const ns of ['p', 'a', 'ra', 'b', 'rb']) await lab.addNamespace(ns);
	await lab.bridge('p', 'br0', `${turnIp}/24`);
	for (const side of ['a', 'b'] as const) {
		const router = `r${side}`;
		await lab.link({ ns: router, dev: 'wan', addr: `${wan[side]}/24` }, { ns: 'p', dev: `to${router}` });
		await lab.attachToBridge('p', `to${router}`, 'br0');
		await lab.link(
			{ ns: side, dev: 'eth0', addr: `${lanNet[side]}.2/24` },
			{ ns: router, dev: 'lan', addr: `${lanNet[side]}.1/24` }
		);
		await lab.defaultRoute(side, { via: `${lanNet[side]}.1` });
		await lab.defaultRoute(router, { via: turnIp });
		await lab.natRouter(router, 'wan', options);
	}
	await lab.startTurn('p', turnIp, user, pass);
	await Promise.all([lab.serveApp('a'), lab.serveApp('b')]);
	const a = await lab.launchDevice('a', settings('a'));
	const b = await lab.launchDevice('b', settings('b'));
	return { a, b };
}

let lab: Lab | undefined;
test.afterEach(async () => {
	await lab?.destroy();
	lab = undefined;
});

test('@netns NAT + STUN: devices behind two NAT routers connect over server-reflexive candidates', async () => {
	lab = await Lab.create();
	const { a, b } = await natLab(lab, () => ({ iceServers: [{ urls: `stun:${turnIp}:3478` }] }));
	const codes = await callThroughUi(a.page, b.page);
	await expectSrflxPairs(a, b);
	// The codes that were shown and pasted carried the server-reflexive candidates (that is what makes it work
	// without a relay): each at its own router's public address.
	expect(srflxAddresses(codes.offer)).toEqual([wan.a]);
	expect(srflxAddresses(codes.answer)).toEqual([wan.b]);
});

/** Each device reaches the other only at its router's public address, learned through STUN. */
async function expectSrflxPairs(a: Device, b: Device): Promise<void> {
	for (const [side, device] of [
		['a', a],
		['b', b]
	] as const) {
		const pair = await selectedPair(device.page);
		note(test.info(), `selected pair at ${side}`, pair);
		const other = side === 'a' ? 'b' : 'a';
		expect(pair?.remote).toMatch(/^(srflx|prflx)$/);
		expect(pair?.remoteAddress.split(':')[0]).toBe(wan[other]);
		expect(pair?.local).not.toBe('relay');
	}
}

/** The addresses of the server-reflexive candidates a code carries, as the other device decodes it. */
function srflxAddresses(code: string): string[] {
	const { sdp } = decode(code);
	return [...sdp.matchAll(/^a=candidate:\S+ \d+ \S+ \d+ (\S+) \d+ typ srflx/gm)].map((m) => m[1]!);
}

/** Every distinct value the "Your code" box shows within `ms` of now (sampled in the page every 20 ms). */
function codesShownWithin(page: Page, ms: number): Promise<string[]> {
	return page.evaluate(async (ms) => {
		const seen: string[] = [];
		for (const end = performance.now() + ms; performance.now() < end;) {
			const value = document.querySelector<HTMLTextAreaElement>('#my-code')?.value ?? '';
			if (value.includes('#') && seen.at(-1) !== value) seen.push(value);
			await new Promise((r) => setTimeout(r, 20));
		}
		return seen;
	}, ms);
}

/** How late the slow STUN server answers: after the host-only code is shown (300 ms), inside the 1.5 s box. */
const stunDelayMs = 800;

test('@netns late STUN: the code goes on screen with host candidates, and is replaced once the server-reflexive ones arrive', async () => {
	lab = await Lab.create();
	const slowStun = `stun:${turnIp}:3479`;
	const { a, b } = await natLab(lab, () => ({ iceServers: [{ urls: slowStun }] }));
	const here = dirname(fileURLToPath(import.meta.url));
	await lab.spawn(
		'p',
		[process.execPath, join(here, 'netns/slow-stun.mjs'), turnIp, '3479', String(stunDelayMs)],
		/listening/,
		'slow STUN'
	);
	/** Starts the step, then reads what the code box showed: the first code, then its update. */
	const shown = async (page: Page, step: () => Promise<void>) => {
		const [codes] = await Promise.all([codesShownWithin(page, 5_000), step()]);
		note(test.info(), 'srflx addresses in each code shown', codes.map(srflxAddresses));
		return codes;
	};
	const offers = await shown(a.page, () => a.page.getByRole('button', { name: 'Start a call' }).click());
	expect(offers).toHaveLength(2);
	expect(srflxAddresses(offers[0]!)).toEqual([]);
	expect(srflxAddresses(offers[1]!)).toEqual([wan.a]);
	// The same ICE credentials and fingerprint: only candidates were added.
	const [first, updated] = offers.map((code) => decode(code).sdp.replace(/^a=candidate:.*\r\n/gm, ''));
	expect(updated).toBe(first);

	const answers = await shown(b.page, async () => void (await answerCall(b.page, offers[1]!)));
	expect(answers.map(srflxAddresses)).toEqual([[], [wan.b]]);
	await expect(b.page.getByRole('textbox', { name: 'Your code' })).toHaveValue(answers[1]!);
	await pasteCode(a.page, answers[1]!);
	for (const device of [a, b]) await expectConnected(device.page);
	for (const device of [a, b]) await expectMediaFlowing(device.page);
	await expectSrflxPairs(a, b);
});

test('@netns TURN: with "relay only" and per-destination NATs the call goes through coturn', async () => {
	lab = await Lab.create();
	const turn: RTCIceServer = { urls: `turn:${turnIp}:3478?transport=udp`, username: user, credential: pass };
	const { a, b } = await natLab(lab, () => ({ iceServers: [turn], relayOnly: true }), {
		perDestination: true
	});
	await callThroughUi(a.page, b.page);
	for (const [side, device] of [
		['a', a],
		['b', b]
	] as const) {
		const pair = await selectedPair(device.page);
		note(test.info(), `selected pair at ${side}`, pair);
		expect(pair?.local).toBe('relay');
		expect(pair?.localAddress.split(':')[0]).toBe(turnIp);
		// What the user sees: the connection details panel names the relay and coturn's address.
		await device.page.getByRole('button', { name: 'Details' }).click();
		await expect(device.page.getByTestId('local-candidate')).toHaveText(new RegExp(`^relay · .*${turnIp}`), {
			timeout: 10_000
		});
	}
});

/**
 * How late the caller reads the answer: past the ~20 s after which Chromium drops an answerer's pairs that got
 * no reply, and past the 30 s for which a Linux router lets replies in after the last packet out
 * (nf_conntrack_udp_timeout), so only checks that the answerer still sends can meet the caller's.
 */
const lateAnswerMs = 45_000;

test('@netns NAT + STUN, the answer read 45 s late: the joiner keeps waiting and checking, and the call connects', async () => {
	lab = await Lab.create();
	const { a, b } = await natLab(lab, () => ({ iceServers: [{ urls: `stun:${turnIp}:3478` }] }));
	const offer = await startCall(a.page);
	const answer = await answerCall(b.page, offer);
	await b.page.waitForTimeout(lateAnswerMs);
	// Its own checks failed long ago (the caller's router dropped them), yet the joiner still waits for the
	// caller instead of declaring the call impossible.
	await expect(b.page.getByRole('status').filter({ hasText: 'Waiting for the caller' })).toBeVisible();
	await pasteCode(a.page, answer);
	for (const device of [a, b]) await expectConnected(device.page);
	for (const device of [a, b]) await expectMediaFlowing(device.page);
	await expectSrflxPairs(a, b);
});
