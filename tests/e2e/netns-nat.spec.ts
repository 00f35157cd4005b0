// Two devices, each in a private network behind its own NAT router (nftables masquerade), the routers on a
// "public" segment where coturn runs. With STUN the call connects over server-reflexive candidates (hole
// punching); with "relay only" it connects through coturn as TURN. All addresses are inside the lab.
import { expect, test } from './fixtures';
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
	await callThroughUi(a.page, b.page);
	for (const [side, device] of [
		['a', a],
		['b', b]
	] as const) {
		const pair = await selectedPair(device.page);
		note(test.info(), `selected pair at ${side}`, pair);
		const other = side === 'a' ? 'b' : 'a';
		// The other device is reached only at its router's public address, learned through STUN.
		expect(pair?.remote).toMatch(/^(srflx|prflx)$/);
		expect(pair?.remoteAddress.split(':')[0]).toBe(wan[other]);
		expect(pair?.local).not.toBe('relay');
	}
	// The codes carried the server-reflexive candidates (that is what makes it work without a relay).
	const srflxInOffer = await a.page.evaluate(() =>
		(window.__qrcallPeers ?? []).some((pc) => / typ srflx/.test(pc.localDescription?.sdp ?? ''))
	);
	expect(srflxInOffer).toBe(true);
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
