// Decodes QR codes off the main thread: the native BarcodeDetector when the platform has one for QR codes,
// otherwise read-frame.ts with ZXing-C++ (its JavaScript part in this worker's chunk, its wasm served from the
// app's own build and precached, fetched as soon as the worker starts), or jsQR (imported lazily) until then. Without the wasm (offline before it was cached, a CSP
// without 'wasm-unsafe-eval', no WebAssembly) jsQR reads alone, and each reply says why.
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import wasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';
import type { GrabbedFrame } from './frames';
import { readFrame, type Decoders, type QrDecoder, type ReadBarcodes } from './read-frame';
import type { ScanReply, ScanRequest, ScanResult } from './scan-protocol';

interface DetectedBarcode {
	rawValue: string;
}
interface BarcodeDetectorLike {
	detect(source: ImageData): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorCtor {
	new (options: { formats: string[] }): BarcodeDetectorLike;
	getSupportedFormats?(): Promise<string[]>;
}

// Typed by hand: pulling in the `webworker` lib next to `dom` makes the two clash in svelte-check.
const scope = self as unknown as {
	onmessage: ((event: MessageEvent<ScanRequest>) => void) | null;
	postMessage(message: ScanReply): void;
};

/**
 * How long a frame waits for a wasm still loading before jsQR takes it. The wasm took 35–200 ms to load here
 * (load average ~10) and ZXing then reads a frame in ~5–40 ms, while jsQR's first frame in a fresh worker takes
 * 250–500 ms (compiling): waiting is the faster way to the first code, unless the wasm is slow to come.
 */
const ZXING_WAIT_MS = 400;

let native: Promise<BarcodeDetectorLike | null> | undefined;
let jsqr: Promise<QrDecoder> | undefined;
let jsqrWarm: Promise<void> | undefined;
const decoders: Decoders = { zxing: null, jsqr: loadJsQr };
let zxingLoad: Promise<void> | undefined;
/** Why ZXing is not in use, once its wasm failed to load. */
let zxingFailure: string | undefined;

function nativeDetector(): Promise<BarcodeDetectorLike | null> {
	native ??= (async () => {
		const Ctor = (globalThis as unknown as { BarcodeDetector?: BarcodeDetectorCtor }).BarcodeDetector;
		if (!Ctor) return null;
		try {
			const formats = (await Ctor.getSupportedFormats?.()) ?? ['qr_code'];
			return formats.includes('qr_code') ? new Ctor({ formats: ['qr_code'] }) : null;
		} catch {
			return null;
		}
	})();
	return native;
}

function loadJsQr(): Promise<QrDecoder> {
	jsqr ??= import('jsqr').then((m) => m.default);
	return jsqr;
}

/**
 * Fetches and compiles the wasm itself, so that a failure rejects here instead of aborting inside Emscripten.
 * Streaming compiles while the bytes arrive, and lets the browser cache the compiled code.
 */
async function instantiateZxing(imports: WebAssembly.Imports): Promise<WebAssembly.Instance> {
	const response = await fetch(wasmUrl);
	if (!response.ok) throw new Error(`${wasmUrl}: HTTP ${response.status}`);
	try {
		return (await WebAssembly.instantiateStreaming(response.clone(), imports)).instance;
	} catch (error) {
		// A host that serves .wasm without its application/wasm type refuses streaming: compile the bytes.
		if (!(error instanceof TypeError)) throw error;
		return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
	}
}

async function loadZxing(): Promise<ReadBarcodes> {
	let failed: (error: unknown) => void = () => {};
	const instantiateFailed = new Promise<never>((_, reject) => (failed = reject));
	const ready = prepareZXingModule({
		overrides: {
			instantiateWasm(imports: WebAssembly.Imports, done: (instance: WebAssembly.Instance) => void) {
				instantiateZxing(imports).then(done, failed);
				return {};
			}
		},
		fireImmediately: true
	});
	await Promise.race([ready, instantiateFailed]);
	const read: ReadBarcodes = (image, options) =>
		readBarcodes(new ImageData(image.data, image.width, image.height), options);
	// The wasm compiles each function on its first call: spend that on a synthetic frame while the camera
	// starts, not on its first frame (which often holds the code).
	await readFrame(synthetic(), 0, { zxing: read, jsqr: loadJsQr });
	return read;
}

/** Starts loading ZXing (once); resolves when it is in use or has failed. */
function startZxing(): Promise<void> {
	zxingLoad ??= loadZxing().then(
		(read) => {
			decoders.zxing = read;
		},
		(error: unknown) => {
			zxingFailure = error instanceof Error ? error.message : String(error);
		}
	);
	return zxingLoad;
}

async function decode(request: ScanRequest): Promise<ScanResult> {
	const { side, index } = request;
	const pixels = new Uint8ClampedArray(request.buffer);
	const detector = await nativeDetector();
	if (detector) {
		try {
			const found = await detector.detect(new ImageData(pixels, side, side));
			// An empty result is no code.
			return { text: found.find((code) => code.rawValue)?.rawValue ?? null, via: 'native' };
		} catch {
			// A detector that fails once (e.g. no backend on this device) is dropped for our own decoders.
			native = Promise.resolve(null);
		}
	}
	if (!decoders.zxing && !zxingFailure) {
		await Promise.race([startZxing(), new Promise((done) => setTimeout(done, ZXING_WAIT_MS))]);
	}
	const result = await readFrame({ pixels, side }, index, decoders);
	return zxingFailure ? { ...result, zxingFailure } : result;
}

/** A checkerboard square: something for a decoder to chew on, with no code in it. */
function synthetic(side = 160): GrabbedFrame {
	const pixels = new Uint8ClampedArray(side * side * 4);
	for (let i = 0; i < side * side; i++) {
		const v = ((i % side) ^ Math.floor(i / side)) & 8 ? 24 : 232;
		pixels.set([v, v, v, 255], i * 4);
	}
	return { pixels, side };
}

/**
 * jsQR's first call in a fresh worker is several times slower than the next ones (JIT): spend that on a
 * synthetic frame while the camera starts.
 */
function warmUpJsQr(): Promise<void> {
	jsqrWarm ??= loadJsQr().then((decodeQr) => {
		const { pixels, side } = synthetic();
		decodeQr(pixels, side, side, { inversionAttempts: 'dontInvert' });
	});
	return jsqrWarm;
}

// Load at once, so the first frame finds the decoders loaded (and compiled): ZXing, or jsQR when ZXing could not
// load (jsQR is fetched only then, or for a frame that comes before ZXing is ready).
nativeDetector()
	.then(async (detector) => {
		if (detector) return;
		await startZxing();
		if (!decoders.zxing) await warmUpJsQr();
	})
	.catch(() => undefined); // a failed jsQR load is reported with the first frame that needs it

scope.onmessage = (event: MessageEvent<ScanRequest>) => {
	const request = event.data;
	const started = performance.now();
	decode(request).then(
		(result) => {
			const reply: ScanReply = { id: request.id, ...result, ms: performance.now() - started };
			scope.postMessage(reply);
		},
		(error: unknown) => {
			const reply: ScanReply = {
				id: request.id,
				error: error instanceof Error ? error.message : String(error)
			};
			scope.postMessage(reply);
		}
	);
};
