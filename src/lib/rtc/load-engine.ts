// The one door to ./engine: a dynamic import, so importing this file costs the first screen nothing.
import { language } from '$lib/i18n/locale.svelte';
import { loadTransferParts } from './transfer/transfers.svelte';

export type Engine = typeof import('./engine');

let engine: Promise<Engine> | undefined;

/** Loads the call engine once; calling it early (when the home screen is idle) only warms it. */
export function loadEngine(): Promise<Engine> {
	// The engine's messages (e.g. why a call could not connect) are in the catalog's second part.
	// File transfer's working parts come with it: a call may receive a file as soon as it is up.
	engine ??= Promise.all([import('./engine'), language.complete(), loadTransferParts()]).then(
		([module]) => module
	);
	return engine;
}
