// The message catalog: every language has every message, with the source's placeholders, and each plural
// covers its language's CLDR categories. Read from messages/*.json, what Paraglide compiles.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Variant = { declarations: string[]; selectors: string[]; match: Record<string, string> };
type Catalog = Record<string, string | Variant[]>;

const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	baseLocale: string;
	locales: string[];
};
const load = (locale: string) => JSON.parse(readFileSync(`messages/${locale}.json`, 'utf8')) as Catalog;
const source = load(settings.baseLocale);
const keys = Object.keys(source).filter((k) => k !== '$schema');

const placeholders = (text: string) => new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]));
const texts = (value: string | Variant[]) =>
	typeof value === 'string' ? [value] : value.flatMap((v) => Object.values(v.match));
/** The variable a plural selects on (`input count` + `countPlural = count: plural` → count). */
const pluralInput = (value: string | Variant[]) =>
	typeof value === 'string'
		? undefined
		: /^local \w+ = (\w+): plural/.exec(value[0]?.declarations[1] ?? '')?.[1];

describe('the message catalog', () => {
	it('has the eight languages and a few hundred messages', () => {
		expect(settings.locales).toEqual(['en', 'es', 'de', 'fr', 'pt-BR', 'ru', 'ar', 'zh-CN']);
		expect(keys.length).toBeGreaterThan(280);
	});

	for (const locale of settings.locales) {
		describe(locale, () => {
			const catalog = load(locale);

			it('has every message of the source, and no other', () => {
				const mine = Object.keys(catalog).filter((k) => k !== '$schema');
				expect(keys.filter((k) => !(k in catalog))).toEqual([]);
				expect(mine.filter((k) => !(k in source))).toEqual([]);
				for (const key of keys)
					expect(
						texts(catalog[key] ?? '').every((t) => t.trim() !== ''),
						key
					).toBe(true);
			});

			it("uses the source's placeholders in every text (a plural form may leave out its own count)", () => {
				for (const key of keys) {
					const wanted = placeholders(texts(source[key] ?? '').join(' '));
					const count = pluralInput(source[key] ?? '');
					for (const text of texts(catalog[key] ?? '')) {
						const got = placeholders(text);
						expect(
							[...got].filter((p) => !wanted.has(p)),
							`${key}: unknown placeholder`
						).toEqual([]);
						const missing = [...wanted].filter((p) => !got.has(p) && p !== count);
						expect(missing, `${key}: missing placeholder in "${text}"`).toEqual([]);
					}
				}
			});

			it('covers every plural category of the language', () => {
				const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
				for (const key of keys) {
					const value = catalog[key];
					if (typeof source[key] === 'string') {
						expect(typeof value, `${key} is not a plural in the source`).toBe('string');
						continue;
					}
					expect(Array.isArray(value), `${key} must be a plural`).toBe(true);
					const forms = Object.keys((value as Variant[])[0]?.match ?? {}).map((k) => k.split('=')[1]);
					for (const category of categories) expect(forms, `${key} (${locale})`).toContain(category);
				}
			});
		});
	}
});
