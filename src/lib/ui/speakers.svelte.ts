// Who is speaking in a group call: one meter per member's microphone (the level their browser measured,
// rtc/received-level), and the loudest of them above the speaking threshold (the active speaker the grid
// highlights). Derived from the meters' levels.
import { SvelteMap } from 'svelte/reactivity';
import { AudioLevel } from '$lib/media/audio-level.svelte';

/** A member's microphone level (Member.audioLevel); null while they send no audio. */
type Level = (() => number) | null;

interface Metered {
	level: Level;
	meter: AudioLevel;
}

export class Speakers {
	#meters = new SvelteMap<string, Metered>();

	/** Meters exactly these members' levels (by member key); meters of members gone are disposed. */
	sync(levels: ReadonlyMap<string, Level>): void {
		for (const [key, metered] of this.#meters) {
			if (levels.has(key)) continue;
			metered.meter.dispose();
			this.#meters.delete(key);
		}
		for (const [key, level] of levels) {
			const metered = this.#meters.get(key);
			if (metered && metered.level === level) continue;
			const meter = metered?.meter ?? new AudioLevel();
			meter.follow(level);
			this.#meters.set(key, { level, meter });
		}
	}

	speaking(key: string): boolean {
		return this.#meters.get(key)?.meter.speaking ?? false;
	}

	/** The loudest member that is speaking, or null. */
	get active(): string | null {
		let best: string | null = null;
		let loudest = -1;
		for (const [key, { meter }] of this.#meters) {
			if (meter.speaking && meter.level > loudest) {
				loudest = meter.level;
				best = key;
			}
		}
		return best;
	}

	dispose(): void {
		for (const { meter } of this.#meters.values()) meter.dispose();
		this.#meters.clear();
	}
}
