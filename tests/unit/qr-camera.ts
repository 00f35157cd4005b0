// A modelled phone camera filming a QR code on a screen: the central square of a camera frame (what the scanner
// copies, frames.ts GRAB_SIDE at most), with the code at a given size, position and tilt, then lens blur, hand
// shake, the screen's contrast and moiré and the sensor's noise. Seeded, so every run draws the same frames.
import type { DrawnQr } from './qr-svg';

export interface Degradation {
	/** Gaussian sensor noise on each pixel's luma, in 8-bit levels. */
	noise?: number;
	/** Luma of the code's light and dark modules as filmed (default 230 / 25). */
	light?: number;
	dark?: number;
	/** Amplitude of a screen moiré: luma × (1 + a·sin(…)), period 5–15 px at a random angle. */
	moire?: number;
	/** Light modules on a dark screen (a dark-themed page). */
	inverted?: boolean;
	/** Extra Gaussian blur (focus), σ in pixels, on top of the lens's 0.6 px. */
	blur?: number;
	/** Motion blur along a random direction, length in pixels. */
	shake?: number;
}

export interface Shot {
	/** The camera frame (the scanner copies its central min(width, height) square). */
	width: number;
	height: number;
	/** Side of the code, quiet zone included, in pixels of the camera frame. */
	codeSide: number;
	/** Offset of the code's centre from the frame's centre, in pixels. */
	dx: number;
	dy: number;
	/** Tilt in radians. */
	angle: number;
}

export type Random = () => number;

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function seeded(seed: number): Random {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function gaussian(random: Random): number {
	return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

const LENS_BLUR = 0.6;
const SUPERSAMPLE = 2;

/** Reflectance (1 = light) of the scene over the grabbed square, supersampled. */
function scene(qr: DrawnQr, shot: Shot, side: number, inverted: boolean): Float32Array {
	const out = new Float32Array(side * side);
	const pitch = shot.codeSide / qr.n;
	const cos = Math.cos(shot.angle);
	const sin = Math.sin(shot.angle);
	const centre = side / 2;
	const surround = inverted ? 0.12 : 0.75; // the rest of the phone's screen
	for (let y = 0; y < side; y++) {
		for (let x = 0; x < side; x++) {
			let light = 0;
			for (let s = 0; s < SUPERSAMPLE * SUPERSAMPLE; s++) {
				const px = x + ((s % SUPERSAMPLE) + 0.5) / SUPERSAMPLE - centre - shot.dx;
				const py = y + (Math.floor(s / SUPERSAMPLE) + 0.5) / SUPERSAMPLE - centre - shot.dy;
				const mx = Math.floor((cos * px + sin * py) / pitch + qr.n / 2);
				const my = Math.floor((-sin * px + cos * py) / pitch + qr.n / 2);
				const inside = mx >= 0 && my >= 0 && mx < qr.n && my < qr.n;
				const dark = inside && qr.dark[my * qr.n + mx] === 1;
				light += inside ? (dark !== inverted ? 0 : 1) : surround;
			}
			out[y * side + x] = light / (SUPERSAMPLE * SUPERSAMPLE);
		}
	}
	return out;
}

type Taps = [number, number, number][];

/** Convolves with a normalised kernel given as [dx, dy, weight] taps, clamping at the edges. */
function convolve(src: Float32Array, side: number, taps: Taps): Float32Array {
	const out = new Float32Array(src.length);
	const dxs = Int32Array.from(taps, (t) => t[0]);
	const dys = Int32Array.from(taps, (t) => t[1]);
	const ws = Float32Array.from(taps, (t) => t[2]);
	const reach = Math.max(...taps.map(([dx, dy]) => Math.max(Math.abs(dx), Math.abs(dy))));
	const offsets = Int32Array.from(taps, ([dx, dy]) => dy * side + dx);
	for (let y = 0; y < side; y++) {
		const edgeRow = y < reach || y >= side - reach;
		for (let x = 0; x < side; x++) {
			let sum = 0;
			const i = y * side + x;
			if (edgeRow || x < reach || x >= side - reach) {
				for (let t = 0; t < ws.length; t++) {
					const sx = Math.min(side - 1, Math.max(0, x + (dxs[t] ?? 0)));
					const sy = Math.min(side - 1, Math.max(0, y + (dys[t] ?? 0)));
					sum += (src[sy * side + sx] ?? 0) * (ws[t] ?? 0);
				}
			} else {
				for (let t = 0; t < ws.length; t++) sum += (src[i + (offsets[t] ?? 0)] ?? 0) * (ws[t] ?? 0);
			}
			out[i] = sum;
		}
	}
	return out;
}

function normalise(taps: Taps): Taps {
	const total = taps.reduce((sum, [, , w]) => sum + w, 0);
	return taps.filter(([, , w]) => w > 0).map(([dx, dy, w]) => [dx, dy, w / total]);
}

function gaussianTaps(sigma: number, horizontal: boolean): Taps {
	const radius = Math.ceil(sigma * 3);
	const taps: Taps = [];
	for (let d = -radius; d <= radius; d++) {
		const w = Math.exp(-(d * d) / (2 * sigma * sigma));
		taps.push(horizontal ? [d, 0, w] : [0, d, w]);
	}
	return normalise(taps);
}

/** A line of `length` px at `angle`, as 2-D taps weighted by closeness to the line. */
function shakeTaps(length: number, angle: number): Taps {
	const radius = Math.ceil(length / 2) + 1;
	const ux = Math.cos(angle);
	const uy = Math.sin(angle);
	const taps: Taps = [];
	for (let dy = -radius; dy <= radius; dy++) {
		for (let dx = -radius; dx <= radius; dx++) {
			const along = dx * ux + dy * uy;
			const across = Math.abs(-dx * uy + dy * ux);
			const overhang = Math.max(0, Math.abs(along) - length / 2);
			taps.push([dx, dy, Math.max(0, 1 - Math.hypot(across, overhang))]);
		}
	}
	return normalise(taps);
}

/** One camera frame's central square, RGBA, as the scanner grabs it. */
export function film(
	qr: DrawnQr,
	shot: Shot,
	d: Degradation,
	random: Random
): { pixels: Uint8ClampedArray<ArrayBuffer>; side: number } {
	const side = Math.min(shot.width, shot.height);
	let image = scene(qr, shot, side, d.inverted ?? false);
	const sigma = Math.hypot(LENS_BLUR, d.blur ?? 0);
	image = convolve(convolve(image, side, gaussianTaps(sigma, true)), side, gaussianTaps(sigma, false));
	if (d.shake) image = convolve(image, side, shakeTaps(d.shake, random() * Math.PI));
	const light = d.light ?? 230;
	const dark = d.dark ?? 25;
	const period = 5 + random() * 10;
	const theta = random() * Math.PI;
	const phase = random() * 2 * Math.PI;
	const fx = (Math.cos(theta) * 2 * Math.PI) / period;
	const fy = (Math.sin(theta) * 2 * Math.PI) / period;
	const pixels = new Uint8ClampedArray(side * side * 4);
	for (let y = 0; y < side; y++) {
		for (let x = 0; x < side; x++) {
			let v = dark + (light - dark) * (image[y * side + x] ?? 0);
			if (d.moire) v *= 1 + d.moire * Math.sin(fx * x + fy * y + phase);
			if (d.noise) v += d.noise * gaussian(random);
			const p = (y * side + x) * 4;
			pixels[p] = pixels[p + 1] = pixels[p + 2] = v;
			pixels[p + 3] = 255;
		}
	}
	return { pixels, side };
}
