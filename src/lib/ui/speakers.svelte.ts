// Who is speaking in a group call: one audio meter per member's microphone track, and the loudest of them
// above the speaking threshold (the active speaker the grid highlights). Derived from the meters' levels.
import { SvelteMap } from 'svelte/reactivity';
import { AudioLevel } from '$lib/media/audio-level.svelte';

interface Metered {
	track: MediaStreamTrack | null;
	meter: AudioLevel;
}

export class Speakers {
	#meters = new SvelteMap<string, Metered>();

	/** Meters exactly these tracks (by member key); meters of members gone are disposed. */
	sync(tracks: ReadonlyMap<string, MediaStreamTrack | null>): void {
		for (const [key, metered] of this.#meters) {
			if (tracks.has(key)) continue;
			metered.meter.dispose();
			this.#meters.delete(key);
		}
		for (const [key, track] of tracks) {
			const metered = this.#meters.get(key);
			if (metered?.track === track) continue;
			const meter = metered?.meter ?? new AudioLevel();
			meter.attach(track);
			this.#meters.set(key, { track, meter });
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
