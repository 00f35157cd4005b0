// Components kept out of the first load (the initial JS budget): each loads once, on first use, from the
// service worker's precache when offline. Calling a loader early (e.g. while a code is being made) only warms it.
import { untrack } from 'svelte';
import { language } from '$lib/i18n/locale.svelte';
import { loadEngine } from '$lib/rtc/load-engine';
import { afterLoadWhenIdle } from './idle';

/**
 * A part of the app loaded later shows words from the second part of the catalog: both arrive first. The
 * language is read untracked: CallApp calls these loaders in its {#await} blocks, and a language picked
 * mid-call must not remount the call screen (its open panel, its videos); language.choose() has every word
 * of the new language loaded before it switches anyway.
 */
function withWords<T>(load: () => Promise<T>): Promise<T> {
	return Promise.all([load(), untrack(() => language.complete())]).then(([module]) => module);
}

let session: Promise<typeof import('$lib/rtc/session.svelte')> | undefined;

/**
 * The call session (members, group, chat, the files' bookkeeping): the home screen's two buttons are its
 * first use. A failed fetch (offline before the worker cached it) is forgotten, so the next click retries.
 */
export function loadSession(): Promise<typeof import('$lib/rtc/session.svelte')> {
	session ??= withWords(() => import('$lib/rtc/session.svelte')).catch((error: unknown) => {
		session = undefined;
		throw error;
	});
	return session;
}

let qrCode: Promise<typeof import('./QrCode.svelte')> | undefined;
let scanner: Promise<typeof import('./Scanner.svelte')> | undefined;

/** The QR drawing (and the qrcode encoder): needed once this device shows a code. */
export function loadQrCode(): Promise<typeof import('./QrCode.svelte')> {
	qrCode ??= withWords(() => import('./QrCode.svelte'));
	return qrCode;
}

/** The camera scanner (its jsqr worker loads later still, when the camera starts). */
export function loadScanner(): Promise<typeof import('./Scanner.svelte')> {
	scanner ??= withWords(() => import('./Scanner.svelte'));
	return scanner;
}

/** Every screen but home, each its own chunk: CallApp shows them from here, warmUp() fetches them early. */
export const screens = {
	start: () => withWords(() => import('./StartScreen.svelte')),
	join: () => withWords(() => import('./JoinScreen.svelte')),
	call: () => withWords(() => import('./CallScreen.svelte')),
	ended: () => withWords(() => import('./EndedScreen.svelte'))
};

/**
 * Once the home screen has loaded and the browser is idle, fetch what "Start a call" and "Join a call" need,
 * so the first click does not wait for the network on a first visit (from the precache it is quick anyway).
 * The call screen too: it renders the first remote frame and must not be fetched after the connection.
 */
export function warmUp(): void {
	afterLoadWhenIdle(() => {
		const loads = [
			loadSession(),
			loadEngine(),
			screens.start(),
			screens.join(),
			loadQrCode(),
			screens.call()
		];
		// A failed prefetch (offline before the worker cached it) is retried by the real use; say nothing.
		for (const load of loads) load.catch(() => undefined);
	}, 300);
}
