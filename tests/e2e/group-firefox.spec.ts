// Group calls (issue 17, test 2): the newcomer is Firefox. A (Chromium) calls B (Chromium) as today, A adds
// C in Firefox ESR (puppeteer-core, WebDriver BiDi); the group introduces C to B over A's channels. Every
// directed video flow decodes and audio flows on every connection, across the two engines.
import { test } from './fixtures';
import { AppDriver } from './app-driver';
import { appOrigin } from './browsers';
import { observePeers } from './call-helpers';
import { launchFirefox } from './firefox';
import { closePeople, expectGroupFlowing, finishAdding, groupViewport, startAdding } from './group-helpers';
import { connectCall } from './in-call-helpers';

/** Every tile of the grid decodes video and keeps playing (Firefox: through page.evaluate only). */
async function waitForTiles(driver: AppDriver, count: number): Promise<void> {
	const times = await driver.waitFor(
		`${count} tiles with video`,
		(n) => {
			const videos = [...document.querySelectorAll<HTMLVideoElement>('video.tile-video')];
			return videos.length === n && videos.every((v) => v.videoWidth > 0)
				? videos.map((v) => v.currentTime)
				: false;
		},
		count,
		60_000
	);
	await driver.waitFor(
		'every tile advancing',
		(t0) => {
			const videos = [...document.querySelectorAll<HTMLVideoElement>('video.tile-video')];
			return videos.length === t0.length && videos.every((v, i) => v.currentTime > (t0[i] ?? Infinity));
		},
		times,
		30_000
	);
}

test('A calls B, A adds C in Firefox: the six video flows decode and audio flows on every connection', async ({
	browser
}) => {
	test.setTimeout(240_000);
	const { caller: a, joiner: b } = await connectCall(browser, groupViewport);
	const firefox = await launchFirefox();
	try {
		const page = await firefox.newPage(`${appOrigin}/`);
		await page.setViewport(groupViewport);
		await page.evaluateOnNewDocument(observePeers);
		await page.reload({ waitUntil: 'load' });
		const c = new AppDriver({
			evaluate: <A, R>(fn: (arg: A) => R | Promise<R>, arg: A) =>
				page.evaluate(fn as (arg: unknown) => unknown, arg) as Promise<R>
		});
		const code = await startAdding(a);
		await finishAdding(a, await c.answerCall(code));
		await closePeople(a);

		await c.waitForState('Connected');
		await waitForTiles(c, 2);
		await c.waitFor(
			'audio on both connections',
			async () => {
				const peers = (window as { __qrcallPeers?: RTCPeerConnection[] }).__qrcallPeers ?? [];
				let flowing = 0;
				for (const pc of peers.filter((p) => p.connectionState === 'connected')) {
					let packets = 0;
					(await pc.getStats()).forEach((s: { type: string; kind?: string; packetsReceived?: number }) => {
						if (s.type === 'inbound-rtp' && s.kind === 'audio') packets += s.packetsReceived ?? 0;
					});
					if (packets > 10) flowing++;
				}
				return flowing === 2;
			},
			null,
			30_000
		);
		for (const chromium of [a, b]) await expectGroupFlowing(chromium, 2);
	} finally {
		await firefox.close();
	}
});
