// The outage ladder's steps, for any pairing of browsers on Lab.vethLan: cut device a's link for N seconds,
// prove it was really down, and measure how the same call comes back on both sides.
import { expect } from '@playwright/test';
import { AppDriver, type EvaluatingPage } from '../app-driver';
import { lanAddresses, type Lab } from './lab';
import { iceLog, saveTrace, traceIce } from './ice-trace';
import { flowAfter, localUfrag } from './media';
import { stateLog, traceStates } from './trace';

/** The bound: audio and video advance on both sides this soon after the link returns. */
export const mediaBackMs = 3_000;
/** How long a side is watched after the return, to say how late media came when it missed mediaBackMs. */
export const watchAfterReturnMs = 20_000;

export interface Side {
	name: string;
	page: EvaluatingPage;
}

export interface OutageResult {
	/** Date.now() of the cut. */
	cutAt: number;
	/** Per side: ms from the link's return to video frames and audio packets advancing (-1: never). */
	back: Record<string, { video: number; audio: number }>;
	/** Per side: ms from the cut until "Reconnecting…" showed (-1: never while the link was down). */
	reconnectingAt: Record<string, number>;
	/** Packets b's end received while a's end was down (0 on a real cut). */
	receivedWhileDown: number;
	/** Packets the `path` fault dropped at both ends (null for a link cut). */
	dropped: number | null;
	/** Whether each side restarted ICE (a new local ufrag). */
	restarted: Record<string, boolean>;
	/** Per side: what its data channels sent while the link was down (trace lines; none expected). */
	sentWhileDown: Record<string, string[]>;
}

/**
 * The trace's `send` and `create` lines (a data channel opened) between `from` and `to` (ms on the trace
 * clock). Anything sent into a dead link stays outstanding in SCTP and can hold the restart offer back at the
 * return (rtc/video-watch.ts, rtc/hold.ts).
 */
const sentBetween = (log: string[], from: number, to: number) =>
	log.filter((line) => {
		const at = Number(/^(\d+) (?:send|create) /.exec(line)?.[1] ?? NaN);
		return at > from && at < to;
	});

/** Packet counters of one interface in a lab namespace (sysfs of that namespace). */
export async function rxPackets(lab: Lab, ns: string, dev: string): Promise<number> {
	return Number((await lab.exec(ns, ['cat', `/sys/class/net/${dev}/statistics/rx_packets`])).trim());
}

export async function operstate(lab: Lab, ns: string, dev: string): Promise<string> {
	return (await lab.exec(ns, ['cat', `/sys/class/net/${dev}/operstate`])).trim();
}

/** Marks the call's one live RTCPeerConnection, so the same call can be recognised afterwards. */
export async function markCall(page: EvaluatingPage): Promise<number> {
	return page.evaluate(() => {
		const peers = window.__qrcallPeers ?? [];
		// With a remote description: rtc/moved.ts gathers on a throwaway connection for a moment (at the
		// browser's 'online' event, as the link returns), which never gets one.
		const open = peers.filter((pc) => pc.connectionState !== 'closed' && pc.remoteDescription);
		if (open.length !== 1) throw new Error(`expected one open connection, found ${open.length}`);
		return peers.indexOf(open[0]!);
	}, null);
}

/** Waits until `text` shows on every side, for at most `timeoutMs`; ms since `since` per side, -1 if not. */
export async function whenShown(sides: Side[], text: string, since: number, timeoutMs: number) {
	const at: Record<string, number> = {};
	await Promise.all(
		sides.map(async ({ name, page }) => {
			try {
				await new AppDriver(page).waitForState(text, timeoutMs);
				at[name] = Date.now() - since;
			} catch {
				at[name] = -1;
			}
		})
	);
	return at;
}

/**
 * How the outage is made. `link`: a's eth0 goes down (a phone out of Wi-Fi range: a's browser sees its
 * network go and come back). `path`: nftables drops every UDP packet as it arrives at either end while both
 * links stay up (a router or the path between them fails: neither browser sees a network change, so no
 * regathering helps, and no send fails: dropped as they left, Firefox's sends failed with EPERM, and it
 * went 'disconnected' 0.6 s into the outage and failed DTLS 2.6 s in, at its first ping: no path does that).
 */
export type Fault = 'link' | 'path';

/** Starts the fault; resolves to the function that ends it (and, for `path`, how many packets it dropped). */
async function startFault(lab: Lab, fault: Fault): Promise<() => Promise<number | null>> {
	if (fault === 'path') {
		const lifts = await Promise.all(['a', 'b'].map((ns) => lab.dropIncoming(ns, 'eth0')));
		return async () => (await Promise.all(lifts.map((lift) => lift()))).reduce((a, b) => a + b, 0);
	}
	await lab.setLink('a', 'eth0', false);
	expect(await operstate(lab, 'a', 'eth0'), 'a is down').toBe('down');
	return async () => {
		await lab.setLink('a', 'eth0', true);
		await lab.defaultRoute('a', { via: lanAddresses.b }); // a Wi-Fi that comes back brings its routes back too
		return null;
	};
}

/**
 * Makes the fault (a's eth0 cut by default) for `outageMs`, then ends it. Returns what happened; the
 * caller asserts (outageExpectations) after logging it, so a failing run still reports its numbers.
 */
export async function runOutage(
	lab: Lab,
	sides: [Side, Side],
	outageMs: number,
	log: (what: string, value: unknown) => void,
	fault: Fault = 'link',
	/** What the user does once "Reconnecting…" shows on both sides (it must end before the link returns). */
	during?: () => Promise<void>
): Promise<OutageResult> {
	const marks = await Promise.all(sides.map((s) => markCall(s.page)));
	const ufrags = await Promise.all(sides.map((s) => localUfrag(s.page)));
	const traceFrom = Date.now();
	await Promise.all(sides.map((side) => traceStates(side.page, traceFrom)));
	// Every candidate pair each 500 ms, only when the traces are kept (QRCALL_TRACE_DIR): a run that missed
	// the bound then says which side's checks reached the other first after the return.
	const tracing = process.env.QRCALL_TRACE_DIR !== undefined;
	if (tracing) await Promise.all(sides.map((side) => traceIce(side.page, traceFrom)));
	const cutAt = Date.now();
	log('cut at (ms on the trace clock)', cutAt - traceFrom);
	const end = await startFault(lab, fault);
	// Counted from here: a packet already on its way at the cut may still land.
	const rxBefore = await rxPackets(lab, 'b', 'eth0');
	const reconnectingAt = await whenShown(sides, 'Reconnecting…', cutAt, outageMs - 500);
	await during?.();
	expect(Date.now() - cutAt, 'the user was done before the link returned').toBeLessThan(outageMs);
	await new Promise((r) => setTimeout(r, Math.max(0, outageMs - (Date.now() - cutAt))));
	const receivedWhileDown = (await rxPackets(lab, 'b', 'eth0')) - rxBefore;
	const returnedAt = Date.now();
	const dropped = await end();
	const flows = await Promise.all(sides.map((s) => flowAfter(s.page, watchAfterReturnMs)));
	const back: OutageResult['back'] = {};
	const restarted: OutageResult['restarted'] = {};
	const sentWhileDown: OutageResult['sentWhileDown'] = {};
	for (const side of sides) {
		const states = await stateLog(side.page);
		log(`states at ${side.name} (ms since tracing began)`, states);
		sentWhileDown[side.name] = sentBetween(states, cutAt - traceFrom, returnedAt - traceFrom);
		if (tracing)
			await saveTrace(`${side.name}-${Date.now()}`, {
				[`states (cut at ${cutAt - traceFrom}, return at ${returnedAt - traceFrom})`]: states,
				'ICE (same clock)': await iceLog(side.page)
			});
	}
	for (const [i, side] of sides.entries()) {
		back[side.name] = flows[i]!;
		restarted[side.name] = (await localUfrag(side.page)) !== ufrags[i];
		// The same call: the connection marked before the cut is still the open one, no code on screen.
		expect(await markCall(side.page), `${side.name}: same RTCPeerConnection`).toBe(marks[i]);
	}
	const result = { cutAt, back, reconnectingAt, receivedWhileDown, dropped, restarted, sentWhileDown };
	log('outage result', result);
	return result;
}

/** What every run must show after a fault: "Reconnecting…" during it, media back on both sides in time. */
export async function expectRecovered(
	sides: Side[],
	result: Pick<OutageResult, 'back' | 'reconnectingAt'>
): Promise<void> {
	for (const { name, page } of sides) {
		expect(result.reconnectingAt[name], `${name} showed "Reconnecting…" during the outage`).toBeGreaterThan(
			0
		);
		const { video, audio } = result.back[name]!;
		expect(video, `${name}: video frames advancing after the return (ms)`).toBeGreaterThanOrEqual(0);
		expect(video, `${name}: video back within ${mediaBackMs} ms`).toBeLessThanOrEqual(mediaBackMs);
		expect(audio, `${name}: audio packets advancing after the return (ms)`).toBeGreaterThanOrEqual(0);
		expect(audio, `${name}: audio back within ${mediaBackMs} ms`).toBeLessThanOrEqual(mediaBackMs);
		const app = new AppDriver(page);
		await app.waitForState('Connected', 5_000);
		const codeShown = await page.evaluate(() => document.querySelector('#my-code') !== null, null);
		expect(codeShown, `${name}: no code on screen (no new code needed)`).toBe(false);
	}
}
