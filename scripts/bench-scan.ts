// npm run bench:scan — the QR scanner in Chromium with a fake camera, on the built app, at 640×480 and 1280×720:
// - first decode: from the first camera frame the scanner grabs (qrcall:scan-frame) to the code read
//   (qrcall:scan-code), with the worker, jsQR and the first frames all inside. Cold: a fresh browser (nothing
//   cached, nothing compiled). Warm: the same page reloaded and scanning again (cached app, new worker).
// - decode time per frame in the worker (the scanner's qrcall:scan-decode measures) while the camera shows a busy
//   scene and no code, the steady state while someone aims; by frame kind (frames.ts). The `whole` kind is the
//   reference: one downscaled frame through jsQR, which is all the scanner did before the extra kinds.
// Median and range of RUNS (≥ 3) runs.
import { chromium, type Page } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { QR_QUIET_ZONE, qrMatrix, qrSvgPath, qrSvgSize } from '../src/lib/qr/draw';
import { frameKinds, type FrameKind } from '../src/lib/qr/frames';
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
/** Frames whose decode time is read per run (the scanner records its first 100). */
const FRAMES = 60;
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

/** First decode, cold then warm, with the code in view of a fresh browser. */
async function firstDecode(base: string, clip: string): Promise<{ cold: number; warm: number }> {
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs(clip) });
	try {
		const page = await (await browser.newContext()).newPage();
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

/** Worker decode time of each frame, by kind, with no code in view. */
async function perFrame(base: string, clip: string, camera: Camera): Promise<Map<FrameKind, number[]>> {
	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs(clip) });
	try {
		const page = await (await browser.newContext()).newPage();
		await page.goto(base);
		await scan(page);
		await page.waitForFunction(
			(n) => performance.getEntriesByName('qrcall:scan-decode').length >= n,
			FRAMES,
			{
				timeout: 120_000
			}
		);
		const entries = await page.evaluate(() =>
			performance
				.getEntriesByName('qrcall:scan-decode')
				.map((e) => ({ ms: e.duration, frame: (e as PerformanceMeasure).detail as { frame: number } }))
		);
		const kinds = frameKinds(Math.min(camera.height, 720));
		const byKind = new Map<FrameKind, number[]>();
		for (const { ms, frame } of entries.slice(0, FRAMES)) {
			const kind = kinds[frame.frame % kinds.length] ?? 'whole';
			byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
		}
		return byKind;
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

async function main(): Promise<void> {
	const dir = await mkdtemp(join(tmpdir(), 'qrcall-bench-scan-'));
	const server = await startPreview(port);
	const rows: Record<string, string>[] = [];
	const loadBefore = loadavg()[0] ?? NaN;
	try {
		for (const camera of CAMERAS) {
			const label = `${camera.width}×${camera.height}`;
			const code = await codeClip(dir, camera);
			// A room under mild sensor noise, no code in view.
			const busy = await makeBusyCameraY4m(join(dir, `busy-${camera.width}.y4m`), 4, {
				...camera,
				noise: 10
			});
			const cold: number[] = [];
			const warm: number[] = [];
			const frameMeans: number[] = [];
			const byKind = new Map<FrameKind, number[]>();
			for (let i = 0; i < runs; i++) {
				const first = await firstDecode(server.base, code);
				cold.push(first.cold);
				warm.push(first.warm);
				const kinds = await perFrame(server.base, busy, camera);
				frameMeans.push(mean([...kinds.values()].flat()));
				for (const [kind, ms] of kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), mean(ms)]);
				process.stderr.write(`${label}: run ${i + 1}/${runs} done\n`);
			}
			rows.push({
				camera: label,
				measure: 'first decode after first frame, cold (ms)',
				'median (range)': spread(cold)
			});
			rows.push({
				camera: label,
				measure: 'first decode after first frame, warm (ms)',
				'median (range)': spread(warm)
			});
			rows.push({
				camera: label,
				measure: 'worker decode per frame, mean of all kinds (ms)',
				'median (range)': spread(frameMeans)
			});
			for (const [kind, ms] of byKind) {
				rows.push({
					camera: label,
					measure: `  per frame, ${kind}${kind === 'whole' ? ' (reference)' : ''} (ms)`,
					'median (range)': spread(ms)
				});
			}
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
