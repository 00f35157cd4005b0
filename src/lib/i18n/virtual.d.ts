// The build's per-language message loaders (scripts/lazy-locales.ts); null in `vite dev` and Vitest.
declare module 'virtual:qrcall-locale-loaders' {
	export const loaders: Record<string, [() => Promise<unknown>, () => Promise<unknown>]> | null;
}
