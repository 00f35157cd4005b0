// Decodes QR codes off the main thread: the native BarcodeDetector when the platform has one for QR codes,
// otherwise jsQR (imported lazily, so it is fetched only once a frame actually needs it).
import { readFrame, type QrDecoder } from './frames';
import type { ScanReply, ScanRequest } from './scan-protocol';

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

let native: Promise<BarcodeDetectorLike | null> | undefined;
let jsqr: Promise<QrDecoder> | undefined;

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

async function decode(request: ScanRequest): Promise<{ text: string | null; via: 'native' | 'jsqr' }> {
	const { side, index } = request;
	const pixels = new Uint8ClampedArray(request.buffer);
	const detector = await nativeDetector();
	if (detector) {
		try {
			const found = await detector.detect(new ImageData(pixels, side, side));
			// An empty result is no code.
			return { text: found.find((code) => code.rawValue)?.rawValue ?? null, via: 'native' };
		} catch {
			// A detector that fails once (e.g. no backend on this device) is dropped for jsQR.
			native = Promise.resolve(null);
		}
	}
	return { text: readFrame({ pixels, side }, index, await loadJsQr()), via: 'jsqr' };
}

// jsQR's first call in a fresh worker is several times slower than the next ones (JIT): spend that on a small
// synthetic frame while the camera is still starting, not on the first real one.
function warmUp(decodeQr: QrDecoder): void {
	const side = 160;
	const pixels = new Uint8ClampedArray(side * side * 4);
	for (let i = 0; i < side * side; i++) {
		const v = ((i % side) ^ Math.floor(i / side)) & 8 ? 24 : 232;
		pixels.set([v, v, v, 255], i * 4);
	}
	decodeQr(pixels, side, side, { inversionAttempts: 'dontInvert' });
}

// Warm up at once, so the first frame finds the decoder loaded (and compiled).
nativeDetector()
	.then(async (detector) => {
		if (!detector) warmUp(await loadJsQr());
	})
	.catch(() => undefined); // a failed load is reported with the first frame instead

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
