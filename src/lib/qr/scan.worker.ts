// Decodes QR codes off the main thread: the native BarcodeDetector when the platform has one for QR codes,
// otherwise jsQR (imported lazily, so it is fetched only once a frame actually needs it).
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
type JsQr = typeof import('jsqr').default;

// Typed by hand: pulling in the `webworker` lib next to `dom` makes the two clash in svelte-check.
const scope = self as unknown as {
	onmessage: ((event: MessageEvent<ScanRequest>) => void) | null;
	postMessage(message: ScanReply): void;
};

let native: Promise<BarcodeDetectorLike | null> | undefined;
let jsqr: Promise<JsQr> | undefined;

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

function loadJsQr(): Promise<JsQr> {
	jsqr ??= import('jsqr').then((m) => m.default);
	return jsqr;
}

async function decode(request: ScanRequest): Promise<{ text: string | null; via: 'native' | 'jsqr' }> {
	const pixels = new Uint8ClampedArray(request.buffer);
	const detector = await nativeDetector();
	if (detector) {
		try {
			const found = await detector.detect(new ImageData(pixels, request.width, request.height));
			return { text: found[0]?.rawValue ?? null, via: 'native' };
		} catch {
			// A detector that fails once (e.g. no backend on this device) is dropped for jsQR.
			native = Promise.resolve(null);
		}
	}
	const decodeQr = await loadJsQr();
	const code = decodeQr(pixels, request.width, request.height, {
		// Our codes are always dark on light; looking for inverted ones doubles the cost of every empty frame.
		inversionAttempts: request.invert ? 'attemptBoth' : 'dontInvert'
	});
	return { text: code ? code.data : null, via: 'jsqr' };
}

// jsQR's first call in a fresh worker is several times slower than the next ones (JIT): spend that on a small
// synthetic frame while the camera is still starting, not on the first real one.
function warmUp(decodeQr: JsQr): void {
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
