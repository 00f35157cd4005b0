// The scanner under a dim room's cameras (issue 14 §4): share of 0.4-s windows (4 consecutive frames at the
// scanner's 10 frames a second) in which the app's own codes are read, per degradation. Frames go through
// read-frame.ts readFrame, exactly as the worker runs it: with ZXing-C++ and jsQR (the app once the wasm has
// loaded) and with jsQR alone (before, or when the wasm cannot load). QRCALL_LONG=1 runs four times the trials
// and also prints the share of single frames read.
import { describe, expect, it } from 'vitest';
import { CONDITIONS, appCodes, decoders, measure, WINDOW, type Condition } from './qr-ladder';

const LONG = process.env.QRCALL_LONG === '1';
/** Trials per condition: at 50, a 98 % floor allows one miss. */
const TRIALS = LONG ? 200 : 50;
/**
 * Moiré always runs 200: the scanner before the threshold frame read 49 of these 50 windows but 90 % of 200, so
 * 50 could not tell it from the one that meets the target.
 */
const TRIALS_FOR: Record<string, number> = { 'moiré 0.35': 200 };

/**
 * The floor each condition must reach, as a share of windows: issue 14's targets, 100 % where the scanner read
 * everything before the stretched and centre frames (clean, blur, shake). Moiré 0.35 reached its 98 % with the
 * threshold frame (90 % before it). Contrast 180/145 had no target; it went from 0 to 100 %.
 */
const FLOOR: Record<string, number> = {
	clean: 1,
	'noise σ 10': 0.98,
	'noise σ 15': 0.98,
	'contrast 190/130': 0.98,
	'contrast 180/145': 0.95,
	'moiré 0.35': 0.98,
	inverted: 0.98,
	'15 % of 1280×720': 0.95,
	'blur σ 1.25': 1,
	'shake 3 px': 1
};

const PIPELINES = [
	['ZXing-C++ and jsQR', 'zxing'],
	['jsQR alone', 'jsqr']
] as const;

describe('the scanner draws', () => {
	it('the app’s offer codes as versions 5 and 6', () => {
		expect(appCodes().map((code) => code.qr.version)).toEqual([5, 6]);
	});
});

describe.each(PIPELINES)(
	'the scanner (%s) reads the app’s codes through a modelled phone camera',
	(_, pipeline) => {
		it.each(CONDITIONS.map((condition, i): [string, Condition, number] => [condition.name, condition, i]))(
			'%s',
			async (name, condition, i) => {
				const readers = await decoders(pipeline);
				const rate = await measure(condition, TRIALS_FOR[name] ?? TRIALS, 1000 + i, readers, LONG);
				const share = rate.windows / rate.trials;
				const frames = LONG ? `, ${((100 * rate.frames) / rate.decoded).toFixed(1)} % of single frames` : '';
				console.log(
					`${pipeline} ${name}: read in ${(100 * share).toFixed(1)} % of ${WINDOW}-frame windows${frames}`
				);
				const floor = FLOOR[name];
				if (floor === undefined) throw new Error(`no floor for ${name}`);
				expect(share, `${rate.windows} of ${rate.trials} windows`).toBeGreaterThanOrEqual(floor);
			},
			// A hang guard, not a speed bound: noise σ 15 took 162 s with the machine's load average at ~35.
			LONG ? 3_600_000 : 600_000
		);
	}
);
