// The degradation ladder: the app's own codes, drawn by QrCode.svelte, filmed by the modelled camera under one
// condition at a time, and read by the scanner's own per-frame decoding (read-frame.ts readFrame, as the worker runs
// it), with the decoders the worker has: ZXing-C++ and jsQR, or jsQR alone (the wasm not loaded yet, or unable to).
import jsQR from 'jsqr';
import { readFrame, type Decoders } from '../../src/lib/qr/read-frame';
import { encode } from '../../src/lib/signal/index';
import { film, seeded, type Degradation, type Shot } from './qr-camera';
import { drawQr } from './qr-render';
import type { DrawnQr } from './qr-svg';
import { fixture } from './signal/helpers';
import { loadZxing } from './zxing-node';

/** The worker's decoders: with ZXing (the app once its wasm is loaded), or jsQR alone. */
export async function decoders(pipeline: 'zxing' | 'jsqr'): Promise<Decoders> {
	return { zxing: pipeline === 'zxing' ? await loadZxing() : null, jsqr: async () => jsQR };
}

export interface Condition {
	name: string;
	degradation: Degradation;
	camera: { width: number; height: number };
	/** Code side (quiet zone included) as a share of the frame: of its height, or of its width when `ofWidth`. */
	fill: [number, number];
	ofWidth?: boolean;
}

const VGA = { width: 640, height: 480 };
const HD = { width: 1280, height: 720 };
/** A code held up to the guide: 45–70 % of the frame's height, ~4.5–7 px a module for version 6 at 640×480. */
const HELD: [number, number] = [0.45, 0.7];

export const CONDITIONS: Condition[] = [
	{ name: 'clean', degradation: {}, camera: VGA, fill: HELD },
	{ name: 'noise σ 10', degradation: { noise: 10 }, camera: VGA, fill: HELD },
	{ name: 'noise σ 15', degradation: { noise: 15 }, camera: VGA, fill: HELD },
	{ name: 'contrast 190/130', degradation: { light: 190, dark: 130 }, camera: VGA, fill: HELD },
	{ name: 'contrast 180/145', degradation: { light: 180, dark: 145 }, camera: VGA, fill: HELD },
	{ name: 'moiré 0.35', degradation: { moire: 0.35 }, camera: VGA, fill: HELD },
	{ name: 'inverted', degradation: { inverted: true }, camera: VGA, fill: HELD },
	{ name: '15 % of 1280×720', degradation: {}, camera: HD, fill: [0.15, 0.15], ofWidth: true },
	{ name: 'blur σ 1.25', degradation: { blur: 1.25 }, camera: VGA, fill: HELD },
	{ name: 'shake 3 px', degradation: { shake: 3 }, camera: VGA, fill: HELD }
];

/** Frames a trial films: 0.4 s of scanning at the scanner's 10 frames a second. */
export const WINDOW = 4;

/**
 * Codes the app makes for a Chromium offer: with its IPv4 host candidate only (version 5) and with its IPv4 and
 * IPv6 host candidates (version 6).
 */
export function appCodes(): { text: string; qr: DrawnQr }[] {
	const full = fixture('chromium156-datachannel-offer');
	const ipv4 = { ...full, sdp: full.sdp.replace(/^a=candidate:.* fd00::2 .*\r?\n/gm, '') };
	return [ipv4, full].map((description) => {
		const text = encode(description, { origin: 'https://qrcall.app/' });
		return { text, qr: drawQr(text) };
	});
}

export interface Rate {
	/** Trials (WINDOW consecutive frames) in which the code was read. */
	windows: number;
	/** Single frames read, out of `decoded`. */
	frames: number;
	decoded: number;
	trials: number;
}

/**
 * Runs `trials` trials of one condition; the seed fixes every pose, pixel of noise and starting frame. Unless
 * `allFrames`, a trial stops at its first read (the scanner would too), which makes `frames` meaningless but
 * the run faster.
 */
export async function measure(
	condition: Condition,
	trials: number,
	seed: number,
	readers: Decoders,
	allFrames = false
): Promise<Rate> {
	const random = seeded(seed);
	const codes = appCodes();
	let windows = 0;
	let frames = 0;
	let decoded = 0;
	const { width, height } = condition.camera;
	const side = Math.min(width, height);
	for (let trial = 0; trial < trials; trial++) {
		const code = codes[trial % codes.length];
		if (!code) throw new Error('no code');
		const [lo, hi] = condition.fill;
		const share = lo + (hi - lo) * random();
		const shot: Shot = {
			width,
			height,
			codeSide: share * (condition.ofWidth ? width : height),
			dx: (random() - 0.5) * 0.1 * side,
			dy: (random() - 0.5) * 0.1 * side,
			angle: (random() - 0.5) * 0.2
		};
		const start = Math.floor(random() * 60);
		let read = false;
		for (let i = 0; i < WINDOW && (allFrames || !read); i++) {
			// The hand is never still: the code moves by up to half a pixel from frame to frame.
			const jittered = { ...shot, dx: shot.dx + random() - 0.5, dy: shot.dy + random() - 0.5 };
			const frame = film(code.qr, jittered, condition.degradation, random);
			const { text } = await readFrame(frame, start + i, readers);
			decoded++;
			if (text === code.text) frames++;
			read ||= text === code.text;
		}
		if (read) windows++;
	}
	return { windows, frames, decoded, trials };
}
