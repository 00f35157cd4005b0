// npm run bench:transfer — one file (200 MB by default, SIZE_MB=…) sent between two pages of the built app
// on loopback: throughput from "Send files" to the receiver's verified hash, and the peak JS heap of both
// pages (CDP Runtime.getHeapUsage, sampled every 100 ms). Blob data lives outside the JS heap, so the peaks
// show whether any side buffers the file in JavaScript. BASE=http://… uses a running server instead.
import { chromium, expect, type CDPSession, type Page } from '@playwright/test';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from '../tests/e2e/browsers';
import { startPreview } from './preview-server';
import { answerCall, expectConnected, openApp, pasteCode, startCall } from '../tests/e2e/call-helpers';

const sizeMb = Number(process.env.SIZE_MB ?? 200);
const port = 4175 + Math.floor(Math.random() * 500);

/** Samples a page's used JS heap until stopped; returns the peak in bytes. */
function heapPeak(cdp: CDPSession): { stop: () => Promise<number> } {
	let peak = 0;
	let running = true;
	const loop = (async () => {
		while (running) {
			const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
			peak = Math.max(peak, usedSize);
			await new Promise((r) => setTimeout(r, 100));
		}
	})();
	return {
		stop: async () => {
			running = false;
			await loop;
			return peak;
		}
	};
}

async function heapNow(cdp: CDPSession): Promise<number> {
	await cdp.send('HeapProfiler.collectGarbage');
	return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
}

async function main() {
	const server = process.env.BASE ? null : await startPreview(port);
	const base = process.env.BASE ?? server?.base ?? '';
	const dir = mkdtempSync(join(tmpdir(), 'qrcall-bench-'));
	// Incompressible data would not change the numbers (nothing is compressed), but a sparse file costs no disk.
	const file = join(dir, `bench-${sizeMb}mb.bin`);
	const fd = openSync(file, 'w');
	ftruncateSync(fd, sizeMb * 1024 * 1024);
	closeSync(fd);

	const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs() });
	try {
		const page = async (): Promise<Page> => (await browser.newContext({ baseURL: base })).newPage();
		const caller = await page();
		const joiner = await page();
		await openApp(caller);
		await openApp(joiner);
		await pasteCode(caller, await answerCall(joiner, await startCall(caller)));
		await expectConnected(caller);
		await expectConnected(joiner);
		await caller.getByRole('button', { name: 'Files' }).click();
		await joiner.getByRole('button', { name: 'Files' }).click();
		const cdpCaller = await caller.context().newCDPSession(caller);
		const cdpJoiner = await joiner.context().newCDPSession(joiner);
		const baseline = [await heapNow(cdpCaller), await heapNow(cdpJoiner)];
		const peaks = [heapPeak(cdpCaller), heapPeak(cdpJoiner)];

		const t0 = performance.now();
		await caller.getByLabel('Send files').setInputFiles(file);
		await expect(joiner.getByTestId('transfer')).toHaveAttribute('data-status', 'done', { timeout: 600_000 });
		const seconds = (performance.now() - t0) / 1000;
		const [peakCaller, peakJoiner] = await Promise.all(peaks.map((p) => p.stop()));
		const mb = (n: number) => Math.round((n / 1e6) * 10) / 10;
		console.table([
			{ measure: 'file', value: `${sizeMb} MiB` },
			{ measure: 'time to verified hash', value: `${seconds.toFixed(1)} s` },
			{ measure: 'throughput', value: `${((sizeMb * 1.048576) / seconds).toFixed(1)} MB/s` },
			{
				measure: 'sender JS heap: idle → peak',
				value: `${mb(baseline[0] ?? 0)} → ${mb(peakCaller ?? 0)} MB`
			},
			{
				measure: 'receiver JS heap: idle → peak',
				value: `${mb(baseline[1] ?? 0)} → ${mb(peakJoiner ?? 0)} MB`
			}
		]);
	} finally {
		await browser.close();
		server?.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

await main();
