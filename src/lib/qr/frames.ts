// The scanner's image processing, pure (no DOM, no worker): read-frame.ts runs it on every frame and the unit
// tests run it on modelled camera frames, so what the tests measure is what the app does.
//
// Input: the central square of a camera frame, copied 1:1 (RGBA, at most GRAB_SIDE px). Frames take turns
// through FRAME_KINDS; each kind turns the square into one image for the decoder.

/** The main thread copies at most this much of the camera's central square, unscaled below it. */
export const GRAB_SIDE = 720;
/** Side of the decoded image for the downscaled kinds. */
export const DECODE_SIDE = 480;

/** Side of the full-resolution centre crop, for cameras whose square is larger than DECODE_SIDE. */
export const CROP_SIDE = 720;

/**
 * - `whole`: the square scaled to DECODE_SIDE.
 * - `smaller`: the square at 0.8 × DECODE_SIDE — jsQR misses some codes at one module pitch and reads them at
 *   another (a version-21 code filling a 480-px frame failed on every frame, and read at 400 px).
 * - `stretched`: `whole`, 3×3-blurred and contrast-stretched. jsQR's binarizer needs a 24-level range in each
 *   8×8 block and takes sensor noise for edges; on a dim, noisy or low-contrast picture this frame reads where
 *   the others do not (and, every frame, it would cost the sharp ones: hence one kind among others). It also
 *   looks for light-on-dark codes, which costs a second pass only when nothing was found.
 * - `centre`: the central CROP_SIDE px unscaled, on larger cameras: a small code (15 % of a 1280×720 frame)
 *   has too few pixels a module once the square is scaled to DECODE_SIDE.
 * - `threshold`: `whole`, 3×3-blurred and cut into black and white at one level for the whole image
 *   (THRESHOLD_AT between its dark and light ends). A screen's moiré multiplies the light modules by 0.65–1.35:
 *   jsQR's local binarizer sees those waves as edges in every 8×8 block and reads half the frames (issue 14
 *   §4, moiré 0.35), while one global level between the darkest and the lightest modules keeps every module on
 *   its side. A global level fails under uneven light, which the local binarizer handles: hence a kind of its
 *   own, not a replacement.
 */
export type FrameKind = 'whole' | 'smaller' | 'stretched' | 'centre' | 'threshold';

// Any four consecutive frames (0.4 s) hold each kind of the small cycle, and a `centre` every other frame and
// the others in turn on larger cameras.
const SMALL_CAMERA: readonly FrameKind[] = ['whole', 'stretched', 'smaller', 'threshold'];
const LARGE_CAMERA: readonly FrameKind[] = [
	'whole',
	'centre',
	'stretched',
	'centre',
	'smaller',
	'centre',
	'threshold',
	'centre'
];

/** The kinds in turn, for a grabbed square of `side` px. */
export function frameKinds(side: number): readonly FrameKind[] {
	return side > DECODE_SIDE ? LARGE_CAMERA : SMALL_CAMERA;
}

/** Share of pixels clipped at each end by the contrast stretch and ignored by the threshold kind. */
const STRETCH_CLIP = 0.01;
/** Below this range (in levels) the picture is flat: stretching it would only amplify noise. */
const STRETCH_MIN_RANGE = 8;
/**
 * The threshold kind's level, as a share of the way from the dark end to the light end. Below the middle:
 * moiré and blur pull light modules down further than they lift dark ones. Measured on the ladder's frames
 * (single frames read): at 0.45 moiré 0.35 100 %, noise σ 15 100 %, contrast 180/145 100 %; at 0.35 93–97 %
 * on most conditions, at 0.25 moiré 90 %.
 */
const THRESHOLD_AT = 0.45;

export interface GrabbedFrame {
	/** RGBA, side × side × 4 bytes. */
	pixels: Uint8ClampedArray<ArrayBuffer>;
	side: number;
}

export interface PreparedImage {
	/** RGBA (grey: r = g = b), size × size × 4 bytes, as jsQR takes it. */
	rgba: Uint8ClampedArray<ArrayBuffer>;
	size: number;
	invert: boolean;
}

/** Luma (what jsQR computes too), one float a pixel. */
export function toGrey(frame: GrabbedFrame): Float32Array {
	const { pixels, side } = frame;
	const grey = new Float32Array(side * side);
	for (let i = 0, p = 0; i < grey.length; i++, p += 4) {
		grey[i] = 0.2126 * pixels[p]! + 0.7152 * pixels[p + 1]! + 0.0722 * pixels[p + 2]!;
	}
	return grey;
}

/**
 * One axis of an area-average resample: output pixel o averages input pixels start[o] … start[o] + taps − 1
 * with weights[o * taps …] (zero past its span, so that every output pixel has the same number of taps).
 */
function areaTaps(from: number, to: number) {
	const scale = from / to;
	const taps = Math.ceil(scale) + 1;
	const start = new Int32Array(to);
	const weights = new Float32Array(to * taps);
	for (let o = 0; o < to; o++) {
		const lo = o * scale;
		const hi = Math.min(from, lo + scale);
		const first = Math.min(Math.floor(lo), from - taps);
		start[o] = first;
		for (let k = 0; k < taps; k++) {
			const x = first + k;
			weights[o * taps + k] = Math.max(0, Math.min(hi, x + 1) - Math.max(lo, x)) / scale;
		}
	}
	return { taps, start, weights };
}

/** Area-average downscale of a side² grey square to size² (a copy when equal): rows first, then columns. */
export function downscale(grey: Float32Array, side: number, size: number): Float32Array {
	if (size >= side) return grey.slice();
	const { taps, start, weights } = areaTaps(side, size);
	const rows = new Float32Array(size * side); // size wide, side high
	for (let y = 0, r = 0; y < side; y++) {
		for (let o = 0, w = 0; o < size; o++, r++) {
			let sum = 0;
			for (let k = 0, x = y * side + start[o]!; k < taps; k++, x++, w++) sum += grey[x]! * weights[w]!;
			rows[r] = sum;
		}
	}
	const out = new Float32Array(size * size);
	for (let o = 0, w = 0; o < size; o++) {
		const line = o * size;
		for (let k = 0; k < taps; k++, w++) {
			const weight = weights[w]!;
			if (weight === 0) continue;
			const from = (start[o]! + k) * size;
			for (let x = 0; x < size; x++) out[line + x]! += rows[from + x]! * weight;
		}
	}
	return out;
}

function toRgba(grey: Float32Array): Uint8ClampedArray<ArrayBuffer> {
	const rgba = new Uint8ClampedArray(grey.length * 4);
	for (let i = 0, p = 0; i < grey.length; i++, p += 4) {
		const v = grey[i]!;
		rgba[p] = v;
		rgba[p + 1] = v;
		rgba[p + 2] = v;
		rgba[p + 3] = 255;
	}
	return rgba;
}

/** Three-pixel mean along rows (step 1) or columns (step size), over the pixels that exist at the edges. */
function box3(src: Float32Array, size: number, step: number): Float32Array {
	const out = new Float32Array(src.length);
	const lineStep = step === 1 ? size : 1;
	for (let line = 0; line < size; line++) {
		const first = line * lineStep;
		const last = first + (size - 1) * step;
		out[first] = (src[first]! + src[first + step]!) / 2;
		for (let i = first + step; i < last; i += step) out[i] = (src[i - step]! + src[i]! + src[i + step]!) / 3;
		out[last] = (src[last - step]! + src[last]!) / 2;
	}
	return out;
}

/** 3×3 box blur (edges use the pixels that exist), as a row pass and a column pass. */
export function blur3(grey: Float32Array, size: number): Float32Array {
	return box3(box3(grey, size, 1), size, size);
}

/** The STRETCH_CLIP and 1 − STRETCH_CLIP quantiles: the picture's dark and light ends. */
function levels(grey: Float32Array): [lo: number, hi: number] {
	const histogram = new Uint32Array(256);
	for (let i = 0; i < grey.length; i++) {
		const v = grey[i]!;
		histogram[v <= 0 ? 0 : v >= 255 ? 255 : (v + 0.5) | 0]!++; // Math.round, clamped
	}
	const clip = grey.length * STRETCH_CLIP;
	let lo = 0;
	for (let seen = 0; lo < 255 && (seen += histogram[lo] ?? 0) <= clip;) lo++;
	let hi = 255;
	for (let seen = 0; hi > 0 && (seen += histogram[hi] ?? 0) <= clip;) hi--;
	return [lo, hi];
}

/** Maps the STRETCH_CLIP and 1 − STRETCH_CLIP quantiles to 0 and 255, in place. */
export function stretch(grey: Float32Array): Float32Array {
	const [lo, hi] = levels(grey);
	if (hi - lo < STRETCH_MIN_RANGE) return grey;
	const gain = 255 / (hi - lo);
	for (let i = 0; i < grey.length; i++) grey[i] = (grey[i]! - lo) * gain;
	return grey;
}

/** Black below THRESHOLD_AT of the way from the dark to the light end, white above, in place. */
export function threshold(grey: Float32Array): Float32Array {
	const [lo, hi] = levels(grey);
	if (hi - lo < STRETCH_MIN_RANGE) return grey;
	const level = lo + THRESHOLD_AT * (hi - lo);
	for (let i = 0; i < grey.length; i++) grey[i] = grey[i]! > level ? 255 : 0;
	return grey;
}

function centreCrop(grey: Float32Array, side: number, size: number): Float32Array {
	const from = Math.floor((side - size) / 2);
	const out = new Float32Array(size * size);
	for (let y = 0; y < size; y++)
		out.set(grey.subarray((y + from) * side + from, (y + from) * side + from + size), y * size);
	return out;
}

/** The grabbed square as one kind of image for a decoder. */
export function prepareKind(frame: GrabbedFrame, kind: FrameKind): PreparedImage {
	const { side } = frame;
	const whole = Math.min(side, DECODE_SIDE);
	const grey = toGrey(frame);
	if (kind === 'centre') {
		const size = Math.min(side, CROP_SIDE);
		return { rgba: toRgba(centreCrop(grey, side, size)), size, invert: false };
	}
	const size = kind === 'smaller' ? Math.round(whole * 0.8) : whole;
	const scaled = downscale(grey, side, size);
	if (kind === 'threshold') return { rgba: toRgba(threshold(blur3(scaled, size))), size, invert: false };
	if (kind !== 'stretched') return { rgba: toRgba(scaled), size, invert: false };
	return { rgba: toRgba(stretch(blur3(scaled, size))), size, invert: true };
}

/** Luma averaged over 2×2 blocks: a square of half the side, in one pass over the pixels. */
function halfGrey(frame: GrabbedFrame): Float32Array {
	const { pixels, side } = frame;
	const size = side >> 1;
	const grey = new Float32Array(size * size);
	const luma = (p: number) => 0.2126 * pixels[p]! + 0.7152 * pixels[p + 1]! + 0.0722 * pixels[p + 2]!;
	for (let y = 0, i = 0; y < size; y++) {
		for (let x = 0; x < size; x++, i++) {
			const p = (2 * y * side + 2 * x) * 4;
			const q = p + side * 4;
			grey[i] = (luma(p) + luma(p + 4) + luma(q) + luma(q + 4)) / 4;
		}
	}
	return grey;
}

/**
 * The threshold kind as ZXing reads it beside the camera's pixels: at half the side when the square is larger
 * than DECODE_SIDE (720 px to 360, ~4 px a module for a code held up to the guide, at a quarter of the work of
 * scaling to 480; small codes are ZXing's to read on the camera's pixels).
 */
export function blackWhite(frame: GrabbedFrame): PreparedImage {
	if (frame.side <= DECODE_SIDE) return prepareKind(frame, 'threshold');
	const size = frame.side >> 1;
	return { rgba: toRgba(threshold(blur3(halfGrey(frame), size))), size, invert: false };
}

/** The image frame number `index` decodes with jsQR alone, from the grabbed square. */
export function prepareFrame(frame: GrabbedFrame, index: number): PreparedImage {
	const kinds = frameKinds(frame.side);
	return prepareKind(frame, kinds[index % kinds.length] ?? 'whole');
}
