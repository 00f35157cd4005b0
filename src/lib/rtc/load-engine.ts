// The one door to ./engine: a dynamic import, so importing this file costs the first screen nothing.
export type Engine = typeof import('./engine');

let engine: Promise<Engine> | undefined;

/** Loads the call engine once; calling it early (when the home screen is idle) only warms it. */
export function loadEngine(): Promise<Engine> {
	engine ??= import('./engine');
	return engine;
}
