// The scanner's per-frame processing, pure (no DOM, no worker): the worker runs it on every frame and the unit
// tests run it on modelled camera frames, so what the tests measure is what the app does.
//
// Input: the central square of a camera frame, copied 1:1 (RGBA, at most GRAB_SIDE px). Frames take turns
// through FRAME_KINDS; each kind turns the square into one image for the decoder.

/** The main thread copies at most this much of the camera's central square, unscaled below it. */
export const GRAB_SIDE = 720;
/** Side of the decoded image for the downscaled kinds. */
export const DECODE_SIDE = 480;

/**
 * - `whole`: the square scaled to DECODE_SIDE.
 * - `smaller`: the square at 0.8 × DECODE_SIDE — jsQR misses some codes at one module pitch and reads them at
 *   another (a version-21 code filling a 480-px frame failed on every frame, and read at 400 px).
 */
export type FrameKind = 'whole' | 'smaller';

/** The kinds in turn, for a grabbed square of `side` px (today the same for every camera). */
export function frameKinds(side: number): readonly FrameKind[] {
	return side > 0 ? ['whole', 'smaller'] : [];
}

/** Every INVERT_EVERY-th frame also looks for light-on-dark codes. */
const INVERT_EVERY = 5;

export interface GrabbedFrame {
	/** RGBA, side × side × 4 bytes. */
	pixels: Uint8ClampedArray;
	side: number;
}

export interface PreparedImage {
	/** RGBA (grey: r = g = b), size × size × 4 bytes, as jsQR takes it. */
	rgba: Uint8ClampedArray<ArrayBuffer>;
	size: number;
	invert: boolean;
}

/** Luma (what jsQR computes too), one byte a pixel. */
export function toGrey(frame: GrabbedFrame): Float32Array {
	const { pixels, side } = frame;
	const grey = new Float32Array(side * side);
	for (let i = 0, p = 0; i < grey.length; i++, p += 4) {
		grey[i] = 0.2126 * (pixels[p] ?? 0) + 0.7152 * (pixels[p + 1] ?? 0) + 0.0722 * (pixels[p + 2] ?? 0);
	}
	return grey;
}

/** One axis of an area-average resample: each output pixel averages the input span it covers. */
function resampleRows(src: Float32Array, width: number, height: number, out: number): Float32Array {
	const dst = new Float32Array(out * height);
	const scale = width / out;
	for (let o = 0; o < out; o++) {
		const from = o * scale;
		const to = from + scale;
		for (let y = 0; y < height; y++) {
			const row = y * width;
			let sum = 0;
			for (let x = Math.floor(from); x < to && x < width; x++) {
				sum += (src[row + x] ?? 0) * (Math.min(to, x + 1) - Math.max(from, x));
			}
			dst[y * out + o] = sum / scale;
		}
	}
	return dst;
}

function transpose(src: Float32Array, width: number, height: number): Float32Array {
	const dst = new Float32Array(width * height);
	for (let y = 0; y < height; y++)
		for (let x = 0; x < width; x++) dst[x * height + y] = src[y * width + x] ?? 0;
	return dst;
}

/** Area-average downscale of a side² grey square to size² (a copy when equal). */
export function downscale(grey: Float32Array, side: number, size: number): Float32Array {
	if (size >= side) return grey.slice();
	const rows = resampleRows(grey, side, side, size); // size wide, side high
	return transpose(resampleRows(transpose(rows, size, side), side, size, size), size, size);
}

function toRgba(grey: Float32Array): Uint8ClampedArray<ArrayBuffer> {
	const rgba = new Uint8ClampedArray(grey.length * 4);
	for (let i = 0, p = 0; i < grey.length; i++, p += 4) {
		const v = grey[i] ?? 0;
		rgba[p] = v;
		rgba[p + 1] = v;
		rgba[p + 2] = v;
		rgba[p + 3] = 255;
	}
	return rgba;
}

/** The image frame number `index` decodes, from the grabbed square. */
export function prepareFrame(frame: GrabbedFrame, index: number): PreparedImage {
	const kinds = frameKinds(frame.side);
	const kind = kinds[index % kinds.length] ?? 'whole';
	const whole = Math.min(frame.side, DECODE_SIDE);
	const size = kind === 'smaller' ? Math.round(whole * 0.8) : whole;
	const grey = downscale(toGrey(frame), frame.side, size);
	return { rgba: toRgba(grey), size, invert: (index + 1) % INVERT_EVERY === 0 };
}

/** jsQR's signature (the worker loads it lazily; tests import it). */
export type QrDecoder = (
	data: Uint8ClampedArray,
	width: number,
	height: number,
	options: { inversionAttempts: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' }
) => { data: string } | null;

/** Decodes frame number `index`: the code's text, or null (an empty result is no code). */
export function readFrame(frame: GrabbedFrame, index: number, decodeQr: QrDecoder): string | null {
	const image = prepareFrame(frame, index);
	const code = decodeQr(image.rgba, image.size, image.size, {
		// Our codes are dark on light; looking for inverted ones doubles the cost of every empty frame.
		inversionAttempts: image.invert ? 'attemptBoth' : 'dontInvert'
	});
	return code?.data || null;
}
