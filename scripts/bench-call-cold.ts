// bench:call's COLD rows: the installed app opened afresh and used at once (see twoStageCold).
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { observePeers, openApp, pasteCode, readMyCode } from '../tests/e2e/call-helpers';
import { installed, mark, settleMs, type Devices } from './bench-call-page';

/** The installed app opened afresh and used at once; `engineEarly`/`callScreenEarly` say what was loaded. */
export interface ColdSample {
	codeShown: number;
	channelOpen: number;
	firstFrame: number;
	/** The call engine was already loaded (idle warm-up) when Start was clicked. */
	engineEarly: boolean;
	/** The call screen's chunk was already requested when the answer was applied. */
	callScreenEarly: boolean;
}

/** The built chunk of a source module (Vite's manifest), to see in Resource Timing when it was fetched. */
function chunkOf(source: string): string {
	const manifest = JSON.parse(
		readFileSync('.svelte-kit/output/client/.vite/manifest.json', 'utf8')
	) as Record<string, { file: string }>;
	const file = manifest[source]?.file;
	if (!file) throw new Error(`${source} is not a chunk of its own`);
	return file;
}

/** True when the page had requested `chunk` before the performance mark `markName`. */
async function requestedBefore(page: Page, chunk: string, markName: string): Promise<boolean> {
	return page.evaluate(
		([file, name]) => {
			const at = performance.getEntriesByName(name)[0]?.startTime ?? Infinity;
			return performance.getEntriesByType('resource').some((e) => e.name.endsWith(file) && e.startTime < at);
		},
		[chunk, markName] as const
	);
}

/** A context with the app installed: its service worker holds every file, as on a device that has qrcall. */
async function installedContext(device: Browser, base: string): Promise<BrowserContext> {
	const context = await device.newContext({ baseURL: base });
	const page = await context.newPage();
	await openApp(page);
	await installed(page);
	await page.close();
	return context;
}

/** A user who taps "Start a call" the instant it appears, before the idle warm-up has loaded the engine. */
const startAtOnce = `
new MutationObserver((_, observer) => {
	for (const button of document.querySelectorAll('button')) {
		if (button.textContent?.trim() === 'Start a call') {
			observer.disconnect();
			button.click();
		}
	}
}).observe(document, { childList: true, subtree: true });`;

/**
 * COLD: both devices open the installed app in a new page and act at once: the caller clicks Start the moment
 * the button exists (startAtOnce), so the call engine loads on demand from the precache; the joiner opens the
 * scanned link /#CODE, which loads its engine at once too, and answers; the caller pastes the answer. The
 * caller's idle warm-up may still fetch the call screen while the joiner answers (as it would on a phone, where
 * carrying the answer back takes seconds): the sample says whether it did.
 */
export async function twoStageCold([callerDevice, joinerDevice]: Devices, base: string): Promise<ColdSample> {
	const [callerContext, joinerContext] = [
		await installedContext(callerDevice, base),
		await installedContext(joinerDevice, base)
	];
	const caller = await callerContext.newPage();
	await caller.addInitScript(startAtOnce);
	await openApp(caller);
	const offer = await readMyCode(caller);
	const joiner = await joinerContext.newPage();
	await joiner.addInitScript(observePeers);
	await joiner.goto('/' + new URL(offer).hash);
	await joiner.getByRole('button', { name: 'Answer' }).click();
	await pasteCode(caller, await readMyCode(joiner));
	await caller.waitForTimeout(settleMs);
	const [start, code, applied, open, frame] = await Promise.all(
		['start', 'code', 'answer-applied', 'channel-open', 'first-frame'].map((n) => mark(caller, n))
	);
	const sample = {
		codeShown: (code ?? 0) - (start ?? 0),
		channelOpen: (open ?? 0) - (applied ?? 0),
		firstFrame: (frame ?? 0) - (applied ?? 0),
		engineEarly: await requestedBefore(caller, chunkOf('src/lib/rtc/engine.ts'), 'qrcall:start'),
		callScreenEarly: await requestedBefore(
			caller,
			chunkOf('src/lib/ui/CallScreen.svelte'),
			'qrcall:answer-applied'
		)
	};
	await callerContext.close();
	await joinerContext.close();
	return sample;
}
