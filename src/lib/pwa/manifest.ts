// The web app manifest (vite.config.ts hands it to @vite-pwa/sveltekit, which writes manifest.webmanifest).
// Icons are generated from static/favicon.svg by `npm run icons` (scripts/pwa-assets.config.ts).
import { readFileSync } from 'node:fs';
import type { ManifestOptions } from 'vite-plugin-pwa';

/** Page colours of src/lib/ui/app.css (--qc-bg), light and dark; app.html sets the same as theme-color. */
export const lightBackground = '#f6f7f9';
export const darkBackground = '#101317';

/** A text of the manifest in one more language (the `*_localized` members of the Web App Manifest spec). */
interface Localized {
	value: string;
	lang: string;
	dir: 'ltr' | 'rtl';
}

/** The catalog's words for `key` in every language but English, which the plain member holds. */
function localized(key: string): Record<string, Localized> {
	const { locales } = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
		locales: string[];
	};
	const entries = locales
		.filter((lang) => lang !== 'en')
		.map((lang) => {
			const messages = JSON.parse(readFileSync(`messages/${lang}.json`, 'utf8')) as Record<string, string>;
			// Arabic is the one right-to-left language of the catalog (docs/i18n.md).
			const dir = lang.split('-')[0] === 'ar' ? 'rtl' : 'ltr';
			return [lang, { value: messages[key] ?? '', lang, dir }] as const;
		});
	return Object.fromEntries(entries);
}

const english = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Record<string, string>;

/**
 * Name and description in every language of the catalog: English in the plain members, the others in
 * `name_localized` / `description_localized`, which browsers that support manifest localization pick by the
 * device's language (Chromium ships it behind a flag, crbug.com/380491647; the others ignore the members).
 * The short name is the app's name, the same in every language.
 */
export const manifest: Partial<ManifestOptions> & {
	name_localized: Record<string, Localized>;
	description_localized: Record<string, Localized>;
} = {
	id: '/',
	name: english.page_title_home,
	name_localized: localized('page_title_home'),
	short_name: 'qrcall',
	description: english.app_description,
	description_localized: localized('app_description'),
	lang: 'en',
	dir: 'ltr',
	start_url: '/',
	scope: '/',
	display: 'standalone',
	orientation: 'any',
	theme_color: lightBackground,
	background_color: lightBackground,
	categories: ['communication', 'social'],
	icons: [
		{ src: '/pwa-64x64.png', sizes: '64x64', type: 'image/png' },
		{ src: '/pwa-192x192.png', sizes: '192x192', type: 'image/png' },
		{ src: '/pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
		{ src: '/maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' }
	],
	// A link or text shared from a chat app opens /?title=…&text=…&url=…; CallApp reads text and url as a code
	// and goes to the join flow. GET, so the service worker's navigation fallback serves it offline too.
	share_target: {
		action: '/',
		method: 'GET',
		enctype: 'application/x-www-form-urlencoded',
		params: { title: 'title', text: 'text', url: 'url' }
	}
};
