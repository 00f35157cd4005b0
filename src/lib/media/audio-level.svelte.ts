// Microphone level and speech for meters and speaking indicators, read meterEveryMs. Purely cosmetic, so every
// failure (no Web Audio, suspended context) just leaves the level at 0. Two sources:
// - another person's microphone (`follow`): the level their browser measured and sent (rtc/received-level), no
//   Web Audio at all, since it runs all call long;
// - our own (`attach`, the camera preview's meter): an AnalyserNode. Every such meter shares one AudioContext
//   (each context is an audio stream the browser renders, even with nothing connected to its output), with
//   'playback' latency (fewer, larger audio callbacks).
// Either way the level changes at most ~15 times a second, not at every animation frame (each change is a style
// change and a frame to draw).
// The context is made outside a user gesture (when a track arrives), so where audio needs one (iOS Safari,
// Chromium's user-gesture-required policy) it starts suspended and resume() does nothing: it is resumed on
// the first tap or key press, and again after iOS suspends or interrupts it (a call, Siri, the lock screen).
import { SpeakingHold } from './speaking';

/** What counts as a gesture that lets audio start. */
const gestures = ['pointerdown', 'touchend', 'keydown'] as const;
/** How often the level is read: a meter needs no more than ~15 updates a second. */
export const meterEveryMs = 66;

/** The one context of all meters, closed when the last meter is disposed. */
let shared: AudioContext | null = null;
let users = 0;

function acquireContext(): AudioContext {
	shared ??= new AudioContext({ latencyHint: 'playback' });
	users += 1;
	return shared;
}

function releaseContext(): void {
	users -= 1;
	if (users > 0 || !shared) return;
	shared.close().catch(() => {});
	shared = null;
}

export class AudioLevel {
	#level = $state(0);
	#speaking = $state(false);
	#hold = new SpeakingHold();
	#ctx: AudioContext | null = null;
	#source: MediaStreamAudioSourceNode | null = null;
	#analyser: AnalyserNode | null = null;
	#samples: Float32Array<ArrayBuffer> | null = null;
	#read: (() => number) | null = null;
	#timer: ReturnType<typeof setInterval> | undefined;
	#armed = false;

	/** 0…1, roughly perceptual (speech at a normal distance sits around 0.3–0.6). */
	get level(): number {
		return this.#level;
	}

	/** Speech, held through the pauses between words (./speaking): what speaking indicators show. */
	get speaking(): boolean {
		return this.#speaking;
	}

	/** Meters `track` (null stops metering). A muted (disabled) track reads as silence. */
	attach(track: MediaStreamTrack | null): void {
		this.#disconnect();
		if (!track || typeof AudioContext === 'undefined') return;
		try {
			this.#ctx ??= this.#createContext();
			this.#resume();
			this.#source = this.#ctx.createMediaStreamSource(new MediaStream([track]));
			this.#analyser = this.#ctx.createAnalyser();
			this.#analyser.fftSize = 512;
			this.#samples = new Float32Array(this.#analyser.fftSize);
			// Not connected to the destination: we only read the samples, never play them back.
			this.#source.connect(this.#analyser);
			this.#timer = setInterval(this.#tick, meterEveryMs);
		} catch {
			this.#disconnect();
		}
	}

	/** Meters the levels `read` gives (0…1 linear amplitude, as RMS), e.g. a member's `audioLevel`; null stops. */
	follow(read: (() => number) | null): void {
		this.#disconnect();
		if (!read) return;
		this.#read = read;
		this.#timer = setInterval(this.#tick, meterEveryMs);
	}

	dispose(): void {
		this.#disconnect();
		this.#disarm();
		if (!this.#ctx) return;
		this.#ctx.removeEventListener('statechange', this.#onState);
		this.#ctx = null;
		releaseContext();
	}

	#createContext(): AudioContext {
		const ctx = acquireContext();
		ctx.addEventListener('statechange', this.#onState);
		return ctx;
	}

	/** 'interrupted' is Safari's own state (not in the DOM typings): compared as a string. */
	#onState = (): void => {
		if (this.#ctx && String(this.#ctx.state) !== 'running') this.#resume();
	};

	/** Resumes now if allowed, and on the next gesture in case it was not. */
	#resume = (): void => {
		const ctx = this.#ctx;
		if (!ctx || ctx.state === 'running' || ctx.state === 'closed') return this.#disarm();
		ctx.resume().then(
			() => ctx.state === 'running' && this.#disarm(),
			() => {
				// Not allowed yet: the next gesture tries again.
			}
		);
		this.#arm();
	};

	#arm(): void {
		if (this.#armed || typeof document === 'undefined') return;
		this.#armed = true;
		for (const type of gestures) document.addEventListener(type, this.#resume, { capture: true });
	}

	#disarm(): void {
		if (!this.#armed) return;
		this.#armed = false;
		for (const type of gestures) document.removeEventListener(type, this.#resume, { capture: true });
	}

	/** The RMS of the analyser's latest samples; null without one. */
	#analysed(): number | null {
		if (!this.#analyser || !this.#samples) return null;
		this.#analyser.getFloatTimeDomainData(this.#samples);
		let sum = 0;
		for (const s of this.#samples) sum += s * s;
		return Math.sqrt(sum / this.#samples.length);
	}

	#tick = (): void => {
		const rms = this.#read ? this.#read() : this.#analysed();
		if (rms === null) return;
		// RMS of speech is small (~0.01–0.2); a square root spreads it over the meter's range.
		const next = Math.min(1, Math.sqrt(rms * 4));
		// Fall slowly (half-way each read), rise fast, like a VU meter; skip tiny changes to spare the renderer.
		const smoothed = next > this.#level ? next : (this.#level + next) / 2;
		if (Math.abs(smoothed - this.#level) > 0.02) this.#level = smoothed;
		const speaking = this.#hold.update(smoothed, performance.now());
		if (speaking !== this.#speaking) this.#speaking = speaking;
	};

	#disconnect(): void {
		clearInterval(this.#timer);
		this.#read = null;
		this.#source?.disconnect();
		this.#source = null;
		this.#analyser = null;
		this.#samples = null;
		this.#level = 0;
		this.#speaking = false;
		this.#hold.reset();
	}
}
