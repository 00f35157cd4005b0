// The app's language: the choice stored on this device, else the best match of the device's languages, else
// English. Paraglide's message functions ask getLocale() each time they run; here it reads a $state, so every
// text on screen follows a change at once — no reload, so a call under way is not touched (docs/i18n.md).
import { baseLocale, isLocale, locales, overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';
import { loadAll, loadFirstScreen, readLocaleFrom } from './catalog';

export { locales, type Locale };

/** Where the user's choice is kept; absent means "follow the device". */
export const languageKey = 'qrcall.language';

/** The nearest of our locales for one BCP 47 tag: exact, then same language (pt-PT → pt-BR, zh-SG → zh-CN). */
function nearest(tag: string): Locale | undefined {
	const lower = tag.toLowerCase();
	const exact = locales.find((l) => l.toLowerCase() === lower);
	if (exact) return exact;
	const [language, ...rest] = lower.split('-');
	// Traditional Chinese readers are not served by Simplified: leave them to the next preference.
	if (language === 'zh' && rest.some((s) => s === 'hant' || s === 'tw' || s === 'hk' || s === 'mo')) return;
	return locales.find((l) => l.split('-')[0]?.toLowerCase() === language);
}

/** The device's preferences in order, first match wins (navigator.languages, or navigator.language). */
export function negotiate(preferred: readonly string[]): Locale | undefined {
	for (const tag of preferred) {
		const match = nearest(tag);
		if (match) return match;
	}
	return undefined;
}

/** Right to left for Arabic (and any other RTL language added later), from Intl where it knows. */
function direction(locale: Locale): 'ltr' | 'rtl' {
	const info = new Intl.Locale(locale) as Intl.Locale & { getTextInfo?: () => { direction?: string } };
	const dir = info.getTextInfo?.().direction;
	if (dir === 'rtl' || dir === 'ltr') return dir;
	return ['ar', 'fa', 'he', 'ur'].includes(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}

function stored(): Locale | undefined {
	try {
		const value = localStorage.getItem(languageKey);
		return value !== null && isLocale(value) ? value : undefined;
	} catch {
		// Storage forbidden (some private windows): the device's language still works.
		return undefined;
	}
}

function deviceLanguages(): readonly string[] {
	if (typeof navigator === 'undefined') return [];
	return navigator.languages?.length ? navigator.languages : [navigator.language];
}

class Language {
	/** The language every message is shown in. */
	current = $state<Locale>(baseLocale);
	/** What the user picked in Settings; null follows the device. */
	choice = $state<Locale | null>(null);
	readonly dir = $derived(direction(this.current));
	/** The first screen's messages in the starting language: src/routes/+layout.ts waits for them. */
	readonly ready: Promise<void>;

	constructor() {
		// The stored choice, else the device's best match, else English; from then on the state is the answer,
		// for Paraglide's own dispatcher (vite dev, Vitest) and for the build's (scripts/lazy-locales.ts) alike.
		this.choice = typeof window === 'undefined' ? null : (stored() ?? null);
		this.current = this.choice ?? negotiate(deviceLanguages()) ?? baseLocale;
		readLocaleFrom(() => this.current);
		// Paraglide's own dispatcher (vite dev, Vitest) asks its runtime; the build's asks the catalog, and
		// leaving the runtime's getLocale out of it keeps Paraglide's locale detection off the first screen.
		if (!import.meta.env.PROD) overwriteGetLocale(() => this.current);
		this.ready = loadFirstScreen(this.current);
	}

	/** Every message of the current language: awaited by each screen that loads after the first. */
	complete(): Promise<void> {
		return loadAll(this.current);
	}

	/**
	 * A choice made in Settings (null: follow the device again), stored on this device when it can be. The
	 * language switches once all its messages are here, so no text is ever missing; rejects if they could not
	 * be fetched, and the language stays as it was.
	 */
	async choose(locale: Locale | null): Promise<void> {
		const next = locale ?? negotiate(deviceLanguages()) ?? baseLocale;
		await loadAll(next);
		this.choice = locale;
		this.current = next;
		try {
			if (locale) localStorage.setItem(languageKey, locale);
			else localStorage.removeItem(languageKey);
		} catch {
			// Not stored (private window): the choice holds until the page closes.
		}
	}
}

export const language = new Language();

/** <html lang dir> follow the language: screen readers, hyphenation, fonts and the mirrored layout need them. */
export function syncDocumentLanguage(): void {
	$effect(() => {
		document.documentElement.lang = language.current;
		document.documentElement.dir = language.dir;
	});
}
