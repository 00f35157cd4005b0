// Components kept out of the first load (the initial JS budget): each loads once, on first use, from the
// service worker's precache when offline. Calling a loader early (e.g. while a code is being made) only warms it.
import { loadEngine } from '$lib/rtc/load-engine';

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

/**
 * Once the home screen has loaded and the browser is idle, fetch what "Start a call" and "Join a call" need,
 * so the first click does not wait for the network on a first visit (from the precache it is quick anyway).
 */
export function warmUp(): void {
	const warm = () => {
		// A playing camera preview leaves a phone few idle moments: give up waiting for one after 300 ms.
		const idle = window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 200));
		idle(
			() => {
				const loads = [
					loadEngine(),
					import('./StartScreen.svelte'),
					import('./JoinScreen.svelte'),
					loadQrCode(),
					// The call screen renders the first remote frame: it must not be fetched after the connection.
					import('./CallScreen.svelte')
				];
				// A failed prefetch (offline before the worker cached it) is retried by the real use; say nothing.
				for (const load of loads) load.catch(() => undefined);
			},
			{ timeout: 300 }
		);
	};
	if (document.readyState === 'complete') warm();
	else window.addEventListener('load', warm, { once: true });
}
