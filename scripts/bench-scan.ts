// npm run bench:scan — the QR scanner in Chromium with a fake camera, on the built app, at 640×480 and 1280×720:
// - first decode: from the first camera frame the scanner grabs (qrcall:scan-frame) to the code read
//   (qrcall:scan-code), with the worker, its decoders and the first frames all inside. Cold: a fresh browser
//   (nothing cached, nothing compiled). Warm: the same page reloaded and scanning again (cached app, new worker).
// - decode time per frame in the worker (the scanner's qrcall:scan-decode measures) while the camera shows a busy
//   scene and no code, the steady state while someone aims, once warm; by the frame's place in the cycle
//   (read-frame.ts).
// Each measured twice: the app (ZXing-C++ and jsQR) and, as the reference, jsQR alone — the app with its wasm
// request refused, as offline before the wasm was cached (which also checks that the scanner falls back).
// Median and range of RUNS (≥ 3) runs.
import { chromium, type Browser, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QR_QUIET_ZONE, qrMatrix, qrSvgPath, qrSvgSize } from '../src/lib/qr/draw';
import { frameKinds } from '../src/lib/qr/frames';
import { encode } from '../src/lib/signal/index';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { makeBusyCameraY4m, writeFramesY4m } from '../tests/e2e/fake-camera';
import { film, seeded } from '../tests/unit/qr-camera';
import { parseQrSvg } from '../tests/unit/qr-svg';
import { fixture } from '../tests/unit/signal/helpers';
import { startPreview } from './preview-server';
import { spread } from './bench-stats';

const runs = Number(process.env.RUNS ?? 3);
if (!(runs >= 3)) throw new Error('RUNS must be at least 3: a median of fewer runs says little');
const port = 4675 + Math.floor(Math.random() * 300);
/**
 * Frames whose decode time is read per run (the scanner records its first 100): warm, i.e. from frame WARM_FROM
 * on, once each step of read-frame.ts' cycles (four frames with ZXing, four or eight with jsQR alone) has run.
 */
const FRAMES = 60;
const WARM_FROM = 8;
const CAMERAS = [
	{ width: 640, height: 480 },
	{ width: 1280, height: 720 }
];

type Camera = (typeof CAMERAS)[number];

async function mark(page: Page, name: string): Promise<number> {
	const handle = await page.waitForFunction(
		(n) => performance.getEntriesByName(n)[0]?.startTime ?? null,
		`qrcall:${name}`,
		{ timeout: 60_000 }
	);
	return (await handle.jsonValue()) as number;
}

async function scan(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Join a call' }).click();
	await page.getByRole('button', { name: 'Scan a code' }).click();
}

/** The app, or jsQR alone: the app with its wasm request refused. */
type Pipeline = 'app' | 'jsqr';
const PIPELINES: Pipeline[] = ['app', 'jsqr'];
const PIPELINE_LABEL: Record<Pipeline, string> = { app: 'app', jsqr: 'jsQR alone (reference)' };

async function openPage(browser: Browser, pipeline: Pipeline): Promise<Page> {
	const context = await browser.newContext();
	if (pipeline === 'jsqr') await context.route('**/*.wasm', (route) => route.abort());
	return context.newPage();
}

/** Fails a run that measured the wrong pipeline: the scanner marks qrcall:scan-jsqr-only when ZXing failed. */
async function checkPipeline(page: Page, pipeline: Pipeline): Promise<void> {
	const jsQrOnly = await page.evaluate(
		() => performance.getEntriesByName('qrcall:scan-jsqr-only').length > 0
	);
	if (jsQrOnly !== (pipeline === 'jsqr'))
		throw new Error(`${pipeline}: ZXing ${jsQrOnly ? 'failed' : 'loaded'}`);
}

/** First decode, cold then warm, with the code in view of a fresh browser. */
async function firstDecode(
	base: string,
	clip: string,
	pipeline: Pipeline
): Promise<{ cold: number; warm: number }> {
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs(clip) });
	try {
		const page = await openPage(browser, pipeline);
		const once = async () => {
			await scan(page);
			return (await mark(page, 'scan-code')) - (await mark(page, 'scan-frame'));
		};
		await page.goto(base);
		const cold = await once();
		await page.reload();
		return { cold, warm: await once() };
	} finally {
		await browser.close();
	}
}

/** read-frame.ts readFrame with ZXing: what each frame of four tries when nothing is found. */
const APP_STEPS = ['ZXing, inverted too', 'ZXing + threshold', 'ZXing, inverted too', 'ZXing'];

/** The frame's place in read-frame.ts' cycle: what the worker tried on it when nothing was found. */
function step(pipeline: Pipeline, camera: Camera, frame: number): string {
	if (pipeline === 'app') return APP_STEPS[frame % APP_STEPS.length] ?? '';
	const kinds = frameKinds(Math.min(camera.height, 720));
	return `jsQR ${kinds[frame % kinds.length] ?? ''}`;
}

/** Worker decode time of each frame, by its step in the cycle, with no code in view. */
async function perFrame(
	base: string,
	clip: string,
	camera: Camera,
	pipeline: Pipeline
): Promise<Map<string, number[]>> {
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs(clip) });
	try {
		const page = await openPage(browser, pipeline);
		await page.goto(base);
		await scan(page);
		await page.waitForFunction(
			(n) => performance.getEntriesByName('qrcall:scan-decode').length >= n,
			WARM_FROM + FRAMES,
			{
				timeout: 120_000
			}
		);
		const entries = await page.evaluate(() =>
			performance
				.getEntriesByName('qrcall:scan-decode')
				.map((e) => ({ ms: e.duration, frame: (e as PerformanceMeasure).detail as { frame: number } }))
		);
		await checkPipeline(page, pipeline);
		const bySteps = new Map<string, number[]>();
		for (const { ms, frame } of entries.slice(WARM_FROM, WARM_FROM + FRAMES)) {
			const name = step(pipeline, camera, frame.frame);
			bySteps.set(name, [...(bySteps.get(name) ?? []), ms]);
		}
		return bySteps;
	} finally {
		await browser.close();
	}
}

const mean = (values: number[]): number => values.reduce((a, b) => a + b, 0) / values.length;

/** A clip of the app's offer code held up to the camera (60 % of the frame's height), drawn as QrCode.svelte draws it. */
async function codeClip(dir: string, camera: Camera): Promise<string> {
	const matrix = qrMatrix(
		encode(fixture('chromium156-datachannel-offer'), { origin: 'https://qrcall.app/' })
	);
	const n = qrSvgSize(matrix);
	// QrCode.svelte's markup from the same draw.ts functions (a .svelte file does not load under tsx).
	const qr = parseQrSvg(
		`<svg viewBox="0 0 ${n} ${n}" data-qr-version="${matrix.version}">` +
			`<rect width="${n}" height="${n}" fill="#fff" /><path fill="#000" d="${qrSvgPath(matrix, QR_QUIET_ZONE)}" /></svg>`
	);
	const random = seeded(18);
	const shot = { ...camera, codeSide: camera.height * 0.6, dx: 0, dy: 0, angle: 0.03 };
	const frames = Array.from({ length: 5 }, () => film(qr, shot, {}, random));
	return writeFramesY4m(frames, join(dir, `code-${camera.width}.y4m`), camera);
}

/** RUNS runs of one camera through one pipeline, as table rows. */
async function benchCamera(base: string, code: string, busy: string, camera: Camera, pipeline: Pipeline) {
	const cold: number[] = [];
	const warm: number[] = [];
	const frameMeans: number[] = [];
	const bySteps = new Map<string, number[]>();
	for (let i = 0; i < runs; i++) {
		const first = await firstDecode(base, code, pipeline);
		cold.push(first.cold);
		warm.push(first.warm);
		const steps = await perFrame(base, busy, camera, pipeline);
		frameMeans.push(mean([...steps.values()].flat()));
		for (const [name, ms] of steps) bySteps.set(name, [...(bySteps.get(name) ?? []), mean(ms)]);
		process.stderr.write(`${camera.width}×${camera.height} ${pipeline}: run ${i + 1}/${runs} done\n`);
	}
	const row = (measure: string, values: number[]) => ({
		camera: `${camera.width}×${camera.height}`,
		decoders: PIPELINE_LABEL[pipeline],
		measure,
		'median (range)': spread(values)
	});
	return [
		row('first decode after first frame, cold (ms)', cold),
		row('first decode after first frame, warm (ms)', warm),
		row(`worker decode per frame, warm, mean of ${FRAMES} (ms)`, frameMeans),
		...[...bySteps].map(([name, ms]) => row(`  per frame, ${name} (ms)`, ms))
	];
}

async function main(): Promise<void> {
	const dir = await mkdtemp(join(tmpdir(), 'qrcall-bench-scan-'));
	const server = await startPreview(port);
	const rows: Record<string, string>[] = [];
	const loadBefore = loadavg()[0] ?? NaN;
	try {
		for (const camera of CAMERAS) {
			const code = await codeClip(dir, camera);
			// A room under mild sensor noise, no code in view.
			const busy = await makeBusyCameraY4m(join(dir, `busy-${camera.width}.y4m`), 4, {
				...camera,
				noise: 10
			});
			for (const pipeline of PIPELINES)
				rows.push(...(await benchCamera(server.base, code, busy, camera, pipeline)));
		}
	} finally {
		server.close();
		await rm(dir, { recursive: true, force: true });
	}
	console.log(
		`bench:scan — Chromium, fake camera, built app, ${runs} runs; targets: first decode ≤ 150 ms, ≤ 10 ms a frame warm`
	);
	// Timings scale with what else runs on the machine: say how busy it was.
	console.log(
		`load average (1 min) at start ${loadBefore.toFixed(1)}, at end ${(loadavg()[0] ?? NaN).toFixed(1)}`
	);
	console.table(rows);
}

await main();
