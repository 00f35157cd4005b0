// Whether a microphone level is speech, held through the short pauses between words. Without the hold the
// indicator followed every syllable: with the fake microphone's beep (and in real speech) it flipped 2–4 times
// a second, and each flip restyled and repainted the whole video area — most of what an idle audio-only call
// cost the browser beyond a bare connection (bench:transfer's idle probe: renderer 0.41 → 0.22 CPU s/s).

/** A level above this is speech (0…1 from AudioLevel, roughly perceptual). */
export const speakingLevel = 0.2;
/** Speech stays "speaking" this long after the level fell below speakingLevel: pauses between words. */
export const speakingHoldMs = 700;

export class SpeakingHold {
	#since = -Infinity;

	/** Feeds one reading (`at` in ms, monotonic); true while speaking. */
	update(level: number, at: number): boolean {
		if (level > speakingLevel) this.#since = at;
		return at - this.#since <= speakingHoldMs;
	}

	reset(): void {
		this.#since = -Infinity;
	}
}
