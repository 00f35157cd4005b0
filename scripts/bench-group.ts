// npm run bench:group — a newcomer joining calls of 1, 2 and 3 people (groups of 2, 3 and 4) in the built app
// on loopback, RUNS (≥ 5, default 5) times each. One Chromium per person (a device each, fake camera), every
// code pasted through the UI. Prints, per group size, the median and range of:
// - join: the adder's "answer applied" (qrcall:add-answer-applied, or qrcall:answer-applied for the 1:1 call,
//   the reference) → the newcomer's first decoded frame from the LAST member (requestVideoFrameCallback on
//   each tile), both on the pages' shared wall clock (performance.timeOrigin + now);
// - CPU: the browsers' CPU time (every process under this script, /proc) over a 10 s window of the settled
//   call, divided by the window and by the number of people: per member per second.
// SMALL_VIDEO=1 is a diagnostic, never the benchmark's figure: every camera at 160×120 and 15 fps, to see how
// much of a join is this machine encoding and decoding full frames for everyone at once.
// BUILDS=dirA,dirB[,dirC] compares copies of the built app (adapter-static's output, e.g. `cp -r build /tmp/a`)
// in one invocation, their runs interleaved (A B, then B A, …) so that all see the same load on this shared
// machine; each is served as static files (./static-server) on QRCALL_PORT + 1000, + 2000, … (or a random base).
import { chromium, type Browser, type Page } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { answerCall, openApp, pasteCode, readMyCode, startCall } from '../tests/e2e/call-helpers';
import {
	introductionSteps,
	pageMarks,
	printStepHeader,
	printStepMedians,
	printSteps,
	type Mark
} from './bench-group-marks';
import { spread } from './bench-stats';
import { benchPort, startPreview } from './preview-server';
import { serveStatic } from './static-server';

const runs = Number(process.env.RUNS ?? 5);
if (!Number.isInteger(runs) || runs < 5) {
	console.error(`bench:group needs RUNS ≥ 5 (got ${process.env.RUNS})`);
	process.exit(2);
}
/** SIZES=3,4 measures some of the group sizes only (while working on one). */
const sizes = (process.env.SIZES ?? '2,3,4').split(',').map(Number);
if (!sizes.every((size) => [2, 3, 4].includes(size))) {
	console.error(`bench:group measures groups of 2, 3 and 4 (SIZES=${process.env.SIZES})`);
	process.exit(2);
}
const port = benchPort(4700, 200);
/** BUILDS=dirA,dirB: the two builds compared (see the top of this file); none: the worktree's build. */
const builds = process.env.BUILDS?.split(',').filter(Boolean) ?? [];
if (builds.length === 1 || builds.length > 3) {
	console.error(`bench:group BUILDS takes two or three directories (got ${process.env.BUILDS})`);
	process.exit(2);
}
/** The CPU window of a settled call. */
const cpuWindowMs = 10_000;
/** After the last newcomer's frames, before the CPU window: the mesh's stage two and encoders ramp up. */
const settleMs = 3_000;
const viewport = { width: 640, height: 480 };
const clockTicks = 100; // USER_HZ on Linux
/** MARKS=1: also prints where each measured join's time went, hop by hop (./bench-group-marks). */
const showMarks = process.env.MARKS === '1';
const letters = 'ABCDEF';
const smallVideo = process.env.SMALL_VIDEO === '1';
/**
 * TRACE_DIR=dir: a Chrome trace of the newcomer's and of B's browser during each run's last join, for where
 * their main threads go (a diagnostic: tracing slows the join it measures).
 */
const traceDir = process.env.TRACE_DIR;
const traceCategories = [
	'devtools.timeline',
	'disabled-by-default-devtools.timeline',
	'v8.execute',
	'blink.user_timing',
	'toplevel',
	'webrtc'
];
/** SMALL_VIDEO=1: the page's camera requests ask for a small, slow picture (the fake camera scales). */
const smallCamera = `
	const media = navigator.mediaDevices;
	const original = media.getUserMedia.bind(media);
	const small = { width: { exact: 160 }, height: { exact: 120 }, frameRate: { max: 15 } };
	media.getUserMedia = (c) =>
		original(c && c.video ? { ...c, video: { ...(c.video === true ? {} : c.video), ...small } } : c);
`;
type Steps = ReturnType<typeof introductionSteps>;

/**
 * Records, in the page, the wall-clock time of each video's first decoded frame and whose it is: the member id
 * of its tile (or of the 1:1 stage), read when the frame comes. A string: tsx names inner functions with a
 * helper (__name) that does not exist in the page.
 */
const watchFirstFrames = `
	const seen = new WeakSet();
	const firsts = (window.__firstFrames = []);
	const scan = () => {
		for (const video of document.querySelectorAll('video.tile-video, video.remote-video')) {
			if (seen.has(video)) continue;
			seen.add(video);
			video.requestVideoFrameCallback(() => {
				const id = video.closest('[data-member]')?.dataset.member ?? '';
				firsts.push({ t: performance.timeOrigin + performance.now(), id });
			});
		}
		requestAnimationFrame(scan);
	};
	scan();
`;

async function wallMark(page: Page, name: string): Promise<number> {
	const handle = await page.waitForFunction(
		(n) => {
			const entry = performance.getEntriesByName(n)[0];
			return entry ? performance.timeOrigin + entry.startTime : null;
		},
		`qrcall:${name}`,
		{ timeout: 30_000 }
	);
	return (await handle.jsonValue()) as number;
}

/**
 * The time by which the page had a first frame from each of `others` members: the latest of their earliest
 * frames. Per member: a newcomer sees the adder on the 1:1 stage first, then again on the group's grid.
 */
async function lastFirstFrame(page: Page, others: number): Promise<number> {
	const handle = await page
		.waitForFunction(
			(n) => {
				const firsts = (window as unknown as { __firstFrames?: { t: number; id: string }[] }).__firstFrames;
				const earliest = new Map<string, number>();
				for (const { t, id } of firsts ?? []) earliest.set(id, Math.min(t, earliest.get(id) ?? t));
				return earliest.size >= n ? Math.max(...earliest.values()) : null;
			},
			others,
			{ timeout: 60_000, polling: 50 }
		)
		.catch(async (error: unknown) => {
			// Which members never showed a frame, and what their tiles said: the run's failure, explained.
			const seen = await page.evaluate('JSON.stringify(window.__firstFrames)');
			const tiles = await page.locator('[data-member]').allInnerTexts();
			throw new Error(
				`no first frame from ${others} members: frames ${String(seen)}, tiles ${tiles.join(' | ')}`,
				{
					cause: error
				}
			);
		});
	return (await handle.jsonValue()) as number;
}

/** CPU seconds used so far by every process below this one (the browsers and their renderers, GPU, …). */
function childrenCpuSeconds(): number {
	const parent = new Map<number, number>();
	const cpu = new Map<number, number>();
	for (const name of readdirSync('/proc')) {
		const pid = Number(name);
		if (!Number.isInteger(pid)) continue;
		try {
			const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			parent.set(pid, Number(fields[1]));
			cpu.set(pid, (Number(fields[11]) + Number(fields[12])) / clockTicks);
		} catch {
			// The process ended while being read.
		}
	}
	const below = (pid: number): boolean => {
		for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p))
			if (p === process.pid) return true;
		return false;
	};
	let total = 0;
	for (const [pid, seconds] of cpu) if (below(pid)) total += seconds;
	return total;
}

async function device(base: string): Promise<{ browser: Browser; page: Page }> {
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
	const page = await (await browser.newContext({ baseURL: base, viewport })).newPage();
	await page.addInitScript({ content: watchFirstFrames });
	if (smallVideo) await page.addInitScript({ content: smallCamera });
	await openApp(page);
	return { browser, page };
}

/** Where the last newcomer's join went, per member it was introduced to (MARKS=1). */
async function stepsOf(devices: { page: Page }[], applied: number): Promise<Steps> {
	const marks: Mark[] = [];
	for (const [i, { page }] of devices.entries())
		marks.push(...(await pageMarks(page, letters[i] ?? '?', applied)));
	return introductionSteps(marks, applied, letters[devices.length - 1] ?? '?');
}

/** A group of `size`: A calls B, then A adds the others; the last one's join is measured. */
async function oneRun(
	size: number,
	base: string
): Promise<{ joinMs: number; cpuPerMemberPerS: number; steps: Steps }> {
	const devices = [await device(base), await device(base)];
	try {
		const [a, b] = [devices[0]!.page, devices[1]!.page];
		await pasteCode(a, await answerCall(b, await startCall(a)));
		let joinMs = 0;
		let steps: Steps = [];
		if (size === 2) {
			joinMs = (await lastFirstFrame(b, 1)) - (await wallMark(a, 'answer-applied'));
		}
		for (let n = 3; n <= size; n++) {
			const newcomer = await device(base);
			devices.push(newcomer);
			await a.getByRole('button', { name: 'People', exact: true }).click();
			await a.getByRole('button', { name: 'Add someone' }).click();
			const code = await readMyCode(a);
			const traced = traceDir && n === size ? { newcomer, B: devices[1]! } : {};
			for (const [who, { browser, page }] of Object.entries(traced)) {
				const path = `${traceDir}/${size}-people-${Date.now()}-${who}.json`;
				await browser.startTracing(page, { path, categories: traceCategories });
			}
			await pasteCode(a, await answerCall(newcomer.page, code));
			const applied = await wallMark(a, 'add-answer-applied');
			joinMs = (await lastFirstFrame(newcomer.page, n - 1)) - applied;
			for (const { browser } of Object.values(traced)) await browser.stopTracing();
			if (showMarks && n === size) steps = await stepsOf(devices, applied);
			await a.getByRole('button', { name: 'Close People' }).click();
			await a.evaluate(() => performance.clearMarks('qrcall:add-answer-applied'));
		}
		await a.waitForTimeout(settleMs);
		const before = childrenCpuSeconds();
		await a.waitForTimeout(cpuWindowMs);
		const cpu = childrenCpuSeconds() - before;
		return { joinMs, cpuPerMemberPerS: cpu / size / (cpuWindowMs / 1000), steps };
	} finally {
		for (const { browser } of devices) await browser.close();
	}
}

/** What is measured: the worktree's build, or the two of BUILDS, each where it is served. */
interface Variant {
	label: string;
	base: string;
	close(): void;
}

async function variants(): Promise<Variant[]> {
	if (builds.length === 0) {
		const preview = await startPreview(port);
		return [{ label: 'build', base: preview.base, close: preview.close }];
	}
	return Promise.all(
		builds.map(async (dir, i) => {
			// Far from the neighbouring engineers' ports (QRCALL_PORT ± a few).
			const server = await serveStatic(dir, port + 1_000 * (i + 1));
			return { label: dir, base: server.base, close: () => void server.close() };
		})
	);
}

/** Per variant and group size: the runs' joins, CPU and (MARKS=1) the last member's steps. */
interface Tally {
	join: number[];
	cpu: number[];
	lastRows: Steps;
	/** Runs that did not complete, with their first error line. */
	failed: string[];
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

async function measure(variant: Variant, size: number, run: number, tally: Tally): Promise<void> {
	const label = builds.length > 0 ? `${variant.label} ` : '';
	const result = await oneRun(size, variant.base).catch((error: unknown) => {
		// One run lost to the load of this shared machine (a click that timed out) need not lose the others:
		// it is said, and counted in the summary.
		tally.failed.push(String(error).split('\n')[0] ?? '');
		console.log(`  ${label}run ${run + 1}, ${size} people: FAILED (${tally.failed.at(-1)}); load ${load()}`);
		return null;
	});
	if (!result) return;
	tally.join.push(result.joinMs);
	tally.cpu.push(result.cpuPerMemberPerS * 100);
	if (builds.length > 0 || result.steps.length > 0)
		console.log(`  ${label}run ${run + 1}, ${size} people: ${result.joinMs.toFixed(0)} ms; load ${load()}`);
	if (result.steps.length === 0) return;
	printSteps(result.steps);
	const frame = (row: Steps[number]) => row.offsets.at(-1) ?? Infinity;
	tally.lastRows.push(result.steps.reduce((a, b) => (frame(b) > frame(a) ? b : a)));
}

const served = await variants();
try {
	console.log(`bench:group — ${runs} runs per size, one Chromium per person, loopback; load ${load()}`);
	if (smallVideo) console.log('SMALL_VIDEO=1: cameras at 160×120, 15 fps — a diagnostic, not the figure');
	for (const size of sizes) {
		const tallies = served.map((): Tally => ({ join: [], cpu: [], lastRows: [], failed: [] }));
		if (showMarks && size > 2) printStepHeader();
		for (let i = 0; i < runs; i++) {
			// Interleaved, a different variant first in each round: none always meets the same load.
			for (const k of served.keys()) {
				const v = (k + i) % served.length;
				await measure(served[v]!, size, i, tallies[v]!);
			}
		}
		const what = size === 2 ? '1:1 call (reference)' : `newcomer to ${size - 1} people`;
		for (const [v, tally] of tallies.entries()) {
			const label = builds.length > 0 ? `${served[v]!.label}: ` : '';
			if (tally.lastRows.length > 0) {
				console.log(`  ${label}`);
				printStepMedians(tally.lastRows);
			}
			console.log(
				`${label}${size} people, ${what}: answer applied → first frame from every member ` +
					`${spread(tally.join, 0)} ms; CPU per member ${spread(tally.cpu, 0)} % of a core; load ${load()}` +
					(tally.failed.length > 0 ? `; ${tally.failed.length} run(s) failed` : '')
			);
		}
	}
	console.log(
		`load average at the end: ${load()} (2 cores shared with other work: CPU figures include its noise)`
	);
} finally {
	for (const variant of served) variant.close();
}
