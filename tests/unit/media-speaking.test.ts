// The speaking indicator's hold (media/speaking.ts): on at a loud reading, held through pauses between words,
// off after a silence longer than the hold. Readings come every meterEveryMs, as AudioLevel feeds them.
import { describe, expect, it } from 'vitest';
import { meterEveryMs } from '../../src/lib/media/audio-level.svelte';
import { SpeakingHold, speakingHoldMs, speakingLevel } from '../../src/lib/media/speaking';

/** Feeds `levels`, one per meter tick from `from` ms; the answers. */
function feed(hold: SpeakingHold, levels: number[], from = 0): boolean[] {
	return levels.map((level, i) => hold.update(level, from + i * meterEveryMs));
}

const loud = speakingLevel + 0.1;
const quiet = speakingLevel - 0.1;

describe('SpeakingHold', () => {
	it('is not speaking before any loud reading', () => {
		expect(feed(new SpeakingHold(), [0, quiet, speakingLevel])).toEqual([false, false, false]);
	});

	it('stays on through pauses shorter than the hold, so syllables do not make it flicker', () => {
		// Speech-like: loud for 3 ticks (~200 ms), quiet for 6 (~400 ms), five times over.
		const syllable = [loud, loud, loud, ...Array<number>(6).fill(quiet)];
		const answers = feed(new SpeakingHold(), Array<number[]>(5).fill(syllable).flat());
		expect(answers).toEqual(Array<boolean>(answers.length).fill(true));
	});

	it('turns off once the silence outlasts the hold', () => {
		const hold = new SpeakingHold();
		expect(hold.update(loud, 0)).toBe(true);
		expect(hold.update(quiet, speakingHoldMs)).toBe(true);
		expect(hold.update(quiet, speakingHoldMs + 1)).toBe(false);
	});

	it('starts again from silence after reset', () => {
		const hold = new SpeakingHold();
		hold.update(loud, 0);
		hold.reset();
		expect(hold.update(quiet, 1)).toBe(false);
	});
});
