import { language } from '$lib/i18n/locale.svelte';

/** Settings is not part of the first screen: its words are in the second part of the catalog. */
export async function load(): Promise<void> {
	await language.complete();
}
