// npm run bench:transfer — qrcall's file transfer beside a bare two-browser RTCDataChannel, in the same run and
// under the same conditions: two Chromium instances (one per side, as two devices), loopback, the same file of
// random bytes read from disk through <input type=file>, once with audio only and once with the call's
// 640×480 video running both ways (played and drawn as the app does: bench-transfer/page.ts). RUNS (≥ 3) of
// each, interleaved so load on the machine hits both alike; median and range. Also: the CPU both browsers
// used per MB (what the call itself costs each second is taken from the transfer on these two shared cores),
// what the settled call alone costs both browsers each second just before (idle call CPU), the longest video
// freeze at the receiver during the transfer, and the receiver's
// memory — PSS of all its browser processes (Blobs held by the browser process count) and its profile on
// disk (blob_storage, Origin Private File System) — then one MEMORY_MB (default 1024, 0 skips) transfer to
// show whether that memory stays flat. SIZE_MB (default 200) sizes the throughput file.
import { chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { answerCall, expectConnected, openApp, pasteCode, startCall } from '../tests/e2e/call-helpers';
import { decodedFrames, decodedFreeze, sampleDecodedFrames } from '../tests/e2e/frames';
import * as inPage from './bench-transfer/page';
import {
	browserTree,
	cpuSeconds,
	threadDelta,
	threadSeconds,
	watchMemory,
	type MemoryPeak
} from './bench-transfer/probe';
import { benchPort, startPreview } from './preview-server';
import { median, spread } from './bench-stats';

const sizeMb = Number(process.env.SIZE_MB ?? 200);
const runs = Number(process.env.RUNS ?? 3);
const memoryMb = Number(process.env.MEMORY_MB ?? 1024);
/** The bare sender's settings: the fastest of those tried on this machine (see the report in the commit). */
const bare = {
	chunk: Number(process.env.BARE_CHUNK ?? 64 * 1024),
	high: Number(process.env.BARE_HIGH ?? 8 * 1024 * 1024),
	low: Number(process.env.BARE_LOW ?? 1024 * 1024)
};
const transferTimeoutMs = 900_000;
/** THREADS=1: also CPU per MB by thread and each sender's camera encoding (a diagnostic, read outside the timing). */
const showThreads = process.env.THREADS === '1';
/** How often the receiver's decoded frames are counted (the e2e freeze check uses the same helper). */
const sampleEveryMs = 50;
/**
 * Before each transfer, both browsers' CPU over this window of the settled call: what the call alone costs
 * each second (the app's page against the bare one), taken from the transfer's share of the two cores.
 */
const idleWindowMs = 5_000;
const port = benchPort(4175, 500);
if (!(runs >= 3)) throw new Error('RUNS must be at least 3: a median of fewer says little');

interface Side {
	context: BrowserContext;
	page: Page;
	dir: string;
}
interface Result {
	seconds: number;
	/** CPU seconds both browsers used during the transfer. */
	cpuUsed: number;
	/** CPU seconds per second both browsers used in the settled call just before it. */
	idleCpu: number;
	frames: number;
	longestFreezeMs: number;
	memory: MemoryPeak;
	/** CPU seconds per "side / process type / thread" during the transfer (the THREADS=1 table). */
	threads: Map<string, number>;
	/** The sender's camera encoding, idle and at the transfer's end: "WxH@fps limitation" (THREADS=1). */
	encoding: string[];
}

/** The page's outbound camera stream as "WxH@fps" plus why libwebrtc limits it (cpu, bandwidth, none). */
function encodingOf(page: Page): Promise<string> {
	return page.evaluate(async () => {
		const out: string[] = [];
		for (const pc of window.__qrcallPeers ?? []) {
			if (pc.connectionState === 'closed') continue;
			(await pc.getStats()).forEach(
				(s: {
					type: string;
					kind?: string;
					frameWidth?: number;
					frameHeight?: number;
					framesPerSecond?: number;
					qualityLimitationReason?: string;
				}) => {
					if (s.type === 'outbound-rtp' && s.kind === 'video' && s.frameWidth)
						out.push(
							`${s.frameWidth}x${s.frameHeight}@${Math.round(s.framesPerSecond ?? 0)} ${s.qualityLimitationReason}`
						);
				}
			);
		}
		return out.join(',') || '—';
	});
}

async function launch(base: string): Promise<Side> {
	const dir = mkdtempSync(join(tmpdir(), 'qrcall-bench-profile-'));
	const context = await chromium.launchPersistentContext(dir, {
		executablePath: chromiumPath,
		args: chromiumArgs(),
		baseURL: base
	});
	context.on('weberror', (e) => console.error('page error:', e.error().message));
	const page = context.pages()[0] ?? (await context.newPage());
	// Other engineers' browsers share this machine: a click can wait long on a starved main thread.
	page.setDefaultTimeout(120_000);
	return { context, page, dir };
}

async function closeSides(sides: Side[]): Promise<void> {
	for (const side of sides) {
		await side.context.close();
		rmSync(side.dir, { recursive: true, force: true });
	}
}

/** Both sides' per-thread CPU so far, keyed "send / …" and "recv / …". */
function sideThreads(sender: Side, receiver: Side): Map<string, number> {
	const out = new Map<string, number>();
	for (const [side, { dir }] of [
		['send', sender],
		['recv', receiver]
	] as const)
		for (const [key, s] of threadSeconds(browserTree(dir))) out.set(`${side} / ${key}`, s);
	return out;
}

/** Times one transfer from picking the file to the receiver having all of it; samples what it costs. */
async function measure(
	[sender, receiver]: [Side, Side],
	start: () => Promise<void>,
	done: () => Promise<unknown>
) {
	const cpu = () => cpuSeconds([...browserTree(sender.dir), ...browserTree(receiver.dir)]);
	const idle0 = cpu();
	await new Promise((resolve) => setTimeout(resolve, idleWindowMs));
	const idleCpu = (cpu() - idle0) / (idleWindowMs / 1000);
	const idleEncoding = showThreads ? await encodingOf(sender.page) : '';
	const memory = watchMemory(receiver.dir);
	try {
		await sampleDecodedFrames(receiver.page, sampleEveryMs);
		// Read before the clock starts, and only for THREADS=1: walking every thread in /proc is no part of it.
		const threads = () => (showThreads ? sideThreads(sender, receiver) : new Map<string, number>());
		const threads0 = threads();
		const [t0, cpu0] = [performance.now(), cpu()];
		await start();
		await done();
		const [seconds, cpuUsed] = [(performance.now() - t0) / 1000, cpu() - cpu0];
		const threadsUsed = threadDelta(threads0, threads());
		const encoding = showThreads ? [idleEncoding, await encodingOf(sender.page)] : [];
		const video = await decodedFreeze(receiver.page, true);
		return {
			seconds,
			cpuUsed,
			idleCpu,
			frames: video.frames,
			longestFreezeMs: video.longestMs,
			memory: memory.stop(),
			threads: threadsUsed,
			encoding
		};
	} finally {
		memory.stop();
	}
}

async function bareRun(base: string, file: string, video: boolean): Promise<Result> {
	const [sender, receiver] = [await launch(base), await launch(base)];
	try {
		for (const side of [sender, receiver]) {
			await side.context.route('**/bare', (route) =>
				route.fulfill({ contentType: 'text/html', body: inPage.barePage })
			);
			await side.page.goto('/bare');
		}
		const offer = await sender.page.evaluate(inPage.bareSetup, { video, offer: null });
		const answer = await receiver.page.evaluate(inPage.bareSetup, { video, offer });
		await sender.page.evaluate(inPage.bareConnect, answer);
		if (video) await expect.poll(() => decodedFrames(receiver.page), { timeout: 20_000 }).toBeGreaterThan(0);
		return await measure(
			[sender, receiver],
			async () => {
				await sender.page.locator('#f').setInputFiles(file);
				await sender.page.evaluate(inPage.bareSend, bare);
			},
			() =>
				receiver.page.waitForFunction(inPage.bareReceived, null, { polling: 50, timeout: transferTimeoutMs })
		);
	} finally {
		await closeSides([sender, receiver]);
	}
}

async function appRun(base: string, file: string, video: boolean): Promise<Result> {
	const [caller, joiner] = [await launch(base), await launch(base)];
	try {
		await openApp(caller.page);
		await openApp(joiner.page);
		await pasteCode(caller.page, await answerCall(joiner.page, await startCall(caller.page)));
		await expectConnected(caller.page);
		await expectConnected(joiner.page);
		for (const { page } of [caller, joiner]) {
			if (!video) await page.getByRole('button', { name: 'Audio only' }).click();
			await page.getByRole('button', { name: 'Files' }).click();
		}
		if (video) await expect.poll(() => decodedFrames(joiner.page), { timeout: 20_000 }).toBeGreaterThan(0);
		return await measure(
			[caller, joiner],
			() => caller.page.getByLabel('Send files').setInputFiles(file),
			() =>
				joiner.page.waitForFunction(
					() => {
						const item = document.querySelector('[data-testid=transfer]');
						const status = item?.getAttribute('data-status');
						if (status === 'failed' || status === 'cancelled') throw new Error(item?.textContent ?? status);
						return status === 'done';
					},
					null,
					{ polling: 50, timeout: transferTimeoutMs }
				)
		);
	} finally {
		await closeSides([caller, joiner]);
	}
}

function randomFile(dir: string, mb: number): string {
	const path = join(dir, `random-${mb}mb.bin`);
	const fd = openSync(path, 'w');
	for (let i = 0; i < mb; i += 16) writeSync(fd, randomBytes(Math.min(16, mb - i) * 1024 * 1024));
	closeSync(fd);
	return path;
}

const mb = (bytes: number) => bytes / 1e6;

function table(results: Map<string, Result[]>, fileMb: number): void {
	const rows = [];
	for (const [key, list] of results) {
		const [kind, condition] = key.split(' / ');
		const speeds = list.map((r) => (fileMb * 1.048576) / r.seconds);
		const reference = results.get(`bare / ${condition}`)?.map((r) => (fileMb * 1.048576) / r.seconds) ?? [];
		rows.push({
			transfer: kind,
			condition,
			'MB/s median (range)': spread(speeds),
			'of bare (median)':
				kind === 'bare' ? '' : `${Math.round((100 * median(speeds)) / median(reference))} %`,
			'longest freeze ms':
				condition === 'audio only'
					? '—'
					: spread(
							list.map((r) => r.longestFreezeMs),
							0
						),
			'CPU s/MB (both)': spread(
				list.map((r) => r.cpuUsed / (fileMb * 1.048576)),
				2
			),
			'idle call CPU s/s (both)': spread(
				list.map((r) => r.idleCpu),
				2
			),
			'fps at receiver': spread(
				list.map((r) => r.frames / r.seconds),
				0
			),
			'receiver PSS +MB': spread(
				list.map((r) => mb(r.memory.pssPeak - r.memory.pss0)),
				0
			),
			'receiver disk +MB': spread(
				list.map((r) => mb(r.memory.diskPeak - r.memory.disk0)),
				0
			)
		});
	}
	console.log(
		`\n${fileMb} MiB of random bytes, ${runs} runs each, two Chromium instances on loopback; ` +
			`load average ${loadavg()
				.map((l) => l.toFixed(1))
				.join(' ')} (1, 5, 15 min) at the end`
	);
	console.table(rows);
}

/**
 * THREADS=1: per condition, the threads whose CPU per MB differs most between qrcall and the bare channel
 * (medians over the runs, ms/MB): where qrcall's extra cost per MB lands.
 */
function threadTable(results: Map<string, Result[]>, fileMb: number): void {
	for (const condition of ['audio only', 'video both ways']) {
		const perMb = (kind: string, key: string) =>
			median((results.get(`${kind} / ${condition}`) ?? []).map((r) => r.threads.get(key) ?? 0)) /
			(fileMb * 1.048576);
		const keys = new Set([...results.values()].flat().flatMap((r) => [...r.threads.keys()]));
		const rows = [...keys]
			.map((key) => ({ thread: key, bare: perMb('bare', key), qrcall: perMb('qrcall', key) }))
			.map((r) => ({ ...r, diff: r.qrcall - r.bare }))
			.filter((r) => Math.abs(r.diff) >= 0.2e-3 || r.bare >= 2e-3)
			.sort((a, b) => Math.abs(b.diff) - Math.abs(a.diff))
			.slice(0, 20)
			.map((r) => ({
				thread: r.thread,
				'bare ms/MB': (r.bare * 1000).toFixed(1),
				'qrcall ms/MB': (r.qrcall * 1000).toFixed(1),
				'qrcall − bare': (r.diff * 1000).toFixed(1)
			}));
		for (const kind of ['bare', 'qrcall'])
			console.log(
				`${kind}, ${condition}: sender's camera idle → end of transfer: ` +
					(results.get(`${kind} / ${condition}`) ?? []).map((r) => r.encoding.join(' → ')).join('; ')
			);
		console.log(`\nCPU per MB by thread, ${condition} (medians)`);
		console.table(rows);
	}
}

function memoryTimeline(result: Result, fileMb: number): void {
	const { samples, pss0, disk0 } = result.memory;
	const total = result.seconds * 1000;
	const rows = [];
	for (let tenth = 0; tenth <= 10; tenth++) {
		const at = (total * tenth) / 10;
		const s = samples.reduce((a, b) => (Math.abs(b.at - at) < Math.abs(a.at - at) ? b : a));
		rows.push({
			'elapsed %': tenth * 10,
			'receiver PSS MB': Math.round(mb(s.pss)),
			'PSS +MB': Math.round(mb(s.pss - pss0)),
			'disk +MB': Math.round(mb(s.disk - disk0))
		});
	}
	console.log(
		`\nqrcall receiving ${fileMb} MiB (audio only), ${((fileMb * 1.048576) / result.seconds).toFixed(1)} MB/s`
	);
	console.table(rows);
}

async function main() {
	const server = await startPreview(port);
	const dir = mkdtempSync(join(tmpdir(), 'qrcall-bench-'));
	try {
		const file = randomFile(dir, sizeMb);
		const results = new Map<string, Result[]>();
		const add = (key: string, r: Result) => results.set(key, [...(results.get(key) ?? []), r]);
		for (let run = 1; run <= runs; run++) {
			for (const video of [false, true]) {
				const condition = video ? 'video both ways' : 'audio only';
				add(`bare / ${condition}`, await bareRun(server.base, file, video));
				add(`qrcall / ${condition}`, await appRun(server.base, file, video));
				console.log(`run ${run} ${condition} done, load average ${loadavg()[0]?.toFixed(1)}`);
			}
		}
		table(results, sizeMb);
		if (showThreads) threadTable(results, sizeMb);
		if (memoryMb > 0) memoryTimeline(await appRun(server.base, randomFile(dir, memoryMb), false), memoryMb);
	} finally {
		server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

await main();
