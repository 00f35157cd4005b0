import { language } from '$lib/i18n/locale.svelte';

// Client-only: WebRTC, the camera and the URL fragment exist only in the browser.
export const ssr = false;
export const prerender = false;

/** The first screen's words, in the device's language, before anything renders (docs/i18n.md). */
export async function load(): Promise<void> {
	await language.ready;
}
