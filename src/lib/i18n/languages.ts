import type { Locale } from '$lib/paraglide/runtime';

/**
 * Each language by its own name, as language pickers show them: a reader finds their language without
 * reading the current one. These are names, not messages: the same in every language (translate="no").
 */
export const autonyms: Record<Locale, string> = {
	en: 'English',
	es: 'Español',
	de: 'Deutsch',
	fr: 'Français',
	'pt-BR': 'Português (Brasil)',
	ru: 'Русский',
	ar: 'العربية',
	'zh-CN': '简体中文'
};
