// The app's language: the choice stored on this device, else the best match of the device's languages, else
// English. Paraglide's message functions ask getLocale() each time they run; here it reads a $state, so every
// text on screen follows a change at once — no reload, so a call under way is not touched (docs/i18n.md).
import {
	baseLocale,
	defineCustomClientStrategy,
	getLocale,
	getTextDirection,
	isLocale,
	locales,
	overwriteGetLocale,
	type Locale
} from '$lib/paraglide/runtime';

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

// Only read through these: a choice is stored by Language.choose, which also updates what is on screen.
const noStore = () => undefined;
defineCustomClientStrategy('custom-stored', { getLocale: stored, setLocale: noStore });
defineCustomClientStrategy('custom-device', {
	getLocale: () => negotiate(deviceLanguages()),
	setLocale: noStore
});

class Language {
	/** The language every message is shown in. */
	current = $state<Locale>(baseLocale);
	/** What the user picked in Settings; null follows the device. */
	choice = $state<Locale | null>(null);
	readonly dir = $derived(getTextDirection(this.current));

	constructor() {
		// Paraglide resolves the strategies of scripts/i18n.ts once; from then on the state is the answer.
		this.current = typeof window === 'undefined' ? baseLocale : getLocale();
		this.choice = typeof window === 'undefined' ? null : (stored() ?? null);
		overwriteGetLocale(() => this.current);
	}

	/** A choice made in Settings (null: follow the device again), stored on this device when it can be. */
	choose(locale: Locale | null): void {
		this.choice = locale;
		this.current = locale ?? negotiate(deviceLanguages()) ?? baseLocale;
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
