// One grabbed camera square → the code's text: the decoding the worker runs on every frame, pure (no DOM, no
// worker), so tests/unit/qr-ladder.test.ts measures exactly what the app does.
//
// Two decoders (issue 14 §4). ZXing-C++ (zxing-wasm) reads noise, low contrast, light-on-dark and small codes
// on the camera's own pixels in a few milliseconds, where jsQR takes 90–330 ms on a noisy frame without a code
// and needs extra processed frames to read them at all. ZXing misses a screen's moiré, which the threshold kind
// (frames.ts) reads: that image goes to ZXing one frame in four. jsQR reads every frame, in frames.ts' own
// cycle, while the wasm loads or when it cannot load.
import type { ReaderOptions, ReadResult } from 'zxing-wasm/reader';
import { blackWhite, prepareFrame, type GrabbedFrame, type PreparedImage } from './frames';

/** jsQR's signature (the worker loads it lazily; tests import it). */
export type QrDecoder = (
	data: Uint8ClampedArray,
	width: number,
	height: number,
	options: { inversionAttempts: 'dontInvert' | 'onlyInvert' | 'attemptBoth' | 'invertFirst' }
) => { data: string } | null;

/** RGBA pixels, as ImageData holds them (Node has no ImageData: the caller wraps them). */
export interface ZxingImage {
	data: Uint8ClampedArray<ArrayBuffer>;
	width: number;
	height: number;
}

/** zxing-wasm's readBarcodes over a loaded module. */
export type ReadBarcodes = (image: ZxingImage, options: ReaderOptions) => Promise<ReadResult[]>;

export interface Decoders {
	/** ZXing-C++ once its wasm has loaded; null while it loads or when it cannot (jsQR then reads alone). */
	zxing: ReadBarcodes | null;
	/** jsQR, loaded on first use. */
	jsqr(): Promise<QrDecoder>;
}

export interface FrameResult {
	/** The code's text, or null: none found (an empty result is no code). */
	text: string | null;
	/** The decoder that gave the answer (the last one tried when none found a code). */
	via: 'zxing' | 'jsqr';
}

const ZXING_QR: ReaderOptions = { formats: ['QRCode'], maxNumberOfSymbols: 1, tryRotate: false };
/**
 * The camera's own pixels through ZXing's local binarizer. Looking for a light-on-dark code too doubles the
 * cost of a frame without a code: every other frame does.
 */
const ZXING_CAMERA: ReaderOptions = { ...ZXING_QR, tryInvert: false };
const ZXING_CAMERA_INVERTED: ReaderOptions = { ...ZXING_QR, tryInvert: true };
/** The threshold kind is black and white already: nothing to binarize, to invert or to downscale. */
const ZXING_BLACK_WHITE: ReaderOptions = {
	...ZXING_QR,
	binarizer: 'FixedThreshold',
	tryInvert: false,
	tryDownscale: false
};

async function zxingText(read: ReadBarcodes, image: ZxingImage, options: ReaderOptions) {
	const results = await read(image, options);
	return results.find((result) => result.text)?.text ?? null;
}

function jsqrText(decode: QrDecoder, image: PreparedImage): string | null {
	const code = decode(image.rgba, image.size, image.size, {
		// Only the stretched kind looks for light-on-dark codes: it doubles the cost of a frame without a code.
		inversionAttempts: image.invert ? 'attemptBoth' : 'dontInvert'
	});
	return code?.data || null;
}

/**
 * Decodes frame number `index` (since the scanner started) of the grabbed square. With ZXing, every frame goes
 * through ZXing (light-on-dark codes too on even frames); when it finds nothing, the threshold kind goes through
 * ZXing on the second frame of every four. jsQR is not used then: it read nothing ZXing missed on the ladder,
 * and run one frame in eight it never got compiled past its slow first tiers (60–70 ms a call, bench:scan).
 */
export async function readFrame(
	frame: GrabbedFrame,
	index: number,
	decoders: Decoders
): Promise<FrameResult> {
	const { zxing } = decoders;
	if (!zxing) return { text: jsqrText(await decoders.jsqr(), prepareFrame(frame, index)), via: 'jsqr' };
	const camera = { data: frame.pixels, width: frame.side, height: frame.side };
	const text = await zxingText(zxing, camera, index % 2 ? ZXING_CAMERA : ZXING_CAMERA_INVERTED);
	if (text || index % 4 !== 1) return { text, via: 'zxing' };
	const binary = blackWhite(frame);
	const image = { data: binary.rgba, width: binary.size, height: binary.size };
	return { text: await zxingText(zxing, image, ZXING_BLACK_WHITE), via: 'zxing' };
}
