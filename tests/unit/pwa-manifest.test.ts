// The web app manifest handed to @vite-pwa/sveltekit: pages inside its scope, icons that exist at the sizes
// they claim, and colours that match the page's. Installability (Chromium's own check) and the share target
// (a link shared into the app opens its answer screen) are tested as behaviour in tests/e2e/pwa.spec.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { darkBackground, lightBackground, manifest } from '../../src/lib/pwa/manifest';

function pngSize(path: string): string {
	const bytes = readFileSync(path);
	expect(bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
	return `${bytes.readUInt32BE(16)}x${bytes.readUInt32BE(20)}`;
}

describe('web app manifest', () => {
	it('opens inside its own scope: the start page and the share target are pages the installed app controls', () => {
		const origin = 'https://qrcall.example';
		const scope = new URL(manifest.scope ?? '/', origin).href;
		for (const url of [manifest.start_url, manifest.share_target?.action]) {
			expect(new URL(url ?? 'missing:', origin).href.startsWith(scope), url).toBe(true);
		}
	});

	it('lists icons of 192 and 512 px and a maskable one, each a PNG of its stated size in static/', () => {
		const icons = manifest.icons ?? [];
		for (const icon of icons) expect(pngSize(`static${icon.src}`), icon.src).toBe(icon.sizes);
		const kinds = icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
		expect(kinds).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
	});

	it('uses the page colours of app.css and app.html', () => {
		const css = readFileSync('src/lib/ui/app.css', 'utf8');
		const html = readFileSync('src/app.html', 'utf8');
		const backgrounds = [...css.matchAll(/--qc-bg:\s*(#[0-9a-f]{6})/gi)].map((m) => m[1]);
		expect(backgrounds).toEqual([lightBackground, darkBackground]);
		expect(manifest.background_color).toBe(lightBackground);
		expect(html).toContain(`content="${lightBackground}" media="(prefers-color-scheme: light)"`);
		expect(html).toContain(`content="${darkBackground}" media="(prefers-color-scheme: dark)"`);
	});

	it('names and describes the app in every language of the catalog, Arabic right to left', () => {
		const { locales } = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
			locales: string[];
		};
		const text = (lang: string, key: string) =>
			(JSON.parse(readFileSync(`messages/${lang}.json`, 'utf8')) as Record<string, string>)[key];
		expect(manifest.name).toBe(text('en', 'page_title_home'));
		expect(manifest.description).toBe(text('en', 'app_description'));
		const others = locales.filter((lang) => lang !== 'en');
		expect(Object.keys(manifest.name_localized).sort()).toEqual([...others].sort());
		expect(Object.keys(manifest.description_localized).sort()).toEqual([...others].sort());
		for (const lang of others) {
			const dir = lang === 'ar' ? 'rtl' : 'ltr';
			expect(manifest.name_localized[lang]).toEqual({ value: text(lang, 'page_title_home'), lang, dir });
			expect(manifest.description_localized[lang]).toEqual({
				value: text(lang, 'app_description'),
				lang,
				dir
			});
			expect(manifest.name_localized[lang]?.value).not.toBe(manifest.name);
		}
	});
});
