// Where the build's message dispatcher (scripts/lazy-locales.ts) finds each language's functions. A language
// arrives in two parts: what the first screen can show, awaited before the app mounts, and the rest, fetched
// once the home screen is idle and awaited by every screen loaded later. In `vite dev` and Vitest there is no
// loader: Paraglide's own dispatcher has every language at hand.
import { loaders } from 'virtual:qrcall-locale-loaders';

type MessageFunction = (inputs?: unknown) => string;

const tables = new Map<string, Record<string, MessageFunction>>();
const loading = new Map<string, Promise<void>>();

function loadPart(locale: string, part: 0 | 1): Promise<void> {
	const load = loaders?.[locale]?.[part];
	if (!load) return Promise.resolve();
	const key = `${locale}/${part}`;
	let promise = loading.get(key);
	if (!promise) {
		promise = load().then((module) => {
			tables.set(locale, { ...tables.get(locale), ...(module as Record<string, MessageFunction>) });
		});
		// A failed fetch (offline before the worker cached it) may be retried by the next call.
		promise.catch(() => loading.delete(key));
		loading.set(key, promise);
	}
	return promise;
}

/** The messages the first screen shows, in `locale`. */
export function loadFirstScreen(locale: string): Promise<void> {
	return loadPart(locale, 0);
}

/** Every message of `locale`. */
export async function loadAll(locale: string): Promise<void> {
	await Promise.all([loadPart(locale, 0), loadPart(locale, 1)]);
}

let currentLocale = () => 'en';

/** The language messages are shown in (src/lib/i18n/locale.svelte.ts registers its state here). */
export function readLocaleFrom(read: () => string): void {
	currentLocale = read;
}

/** Called by every message function of the build. */
export function message(key: string, inputs: unknown, options?: { locale?: string }): string {
	const locale = options?.locale ?? currentLocale();
	const fn = tables.get(locale)?.[key];
	if (fn) return fn(inputs);
	// A screen rendered before its part of the catalog arrived: a bug in the loading order, never a blank.
	console.error(`qrcall: message ${key} (${locale}) shown before its language part loaded`);
	return key;
}
