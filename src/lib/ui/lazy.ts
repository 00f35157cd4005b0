// Components kept out of the first load (the initial JS budget): each loads once, on first use, from the
// service worker's precache when offline. Calling a loader early (e.g. while a code is being made) only warms it.

let qrCode: Promise<typeof import('./QrCode.svelte')> | undefined;
let scanner: Promise<typeof import('./Scanner.svelte')> | undefined;

/** The QR drawing (and the qrcode encoder): needed once this device shows a code. */
export function loadQrCode(): Promise<typeof import('./QrCode.svelte')> {
	qrCode ??= import('./QrCode.svelte');
	return qrCode;
}

/** The camera scanner (its jsqr worker loads later still, when the camera starts). */
export function loadScanner(): Promise<typeof import('./Scanner.svelte')> {
	scanner ??= import('./Scanner.svelte');
	return scanner;
}
