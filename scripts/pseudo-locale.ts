// The pseudo-locale: English with every message wrapped in ⟦ ⟧, its letters accented and ~40 % longer.
// Text on screen without the brackets did not come from the catalog; a label that overflows its box with
// the extra length would overflow in German or Russian too. Placeholders ({name}) and plural variants stay.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const accents: Record<string, string> = {
	a: 'å',
	c: 'ç',
	e: 'é',
	i: 'î',
	n: 'ñ',
	o: 'ö',
	u: 'ü',
	y: 'ý',
	A: 'Å',
	C: 'Ç',
	E: 'É',
	I: 'Î',
	O: 'Ö',
	U: 'Ü'
};

/**
 * "Start a call" → "⟦Stårt å çåll ~~~~~⟧": accents outside {placeholders}, 40 % longer. The padding comes as
 * words of up to five characters, as longer languages have longer sentences, not one endless word.
 */
export function pseudoText(text: string): string {
	const parts = text.split(/(\{[^}]*\})/);
	const body = parts
		.map((part) => (part.startsWith('{') ? part : part.replace(/[a-zA-Z]/g, (c) => accents[c] ?? c)))
		.join('');
	const visible = parts.filter((p) => !p.startsWith('{')).join('').length;
	const padding = '~'.repeat(Math.ceil(visible * 0.4)).replace(/~{1,5}/g, ' $&');
	return `⟦${body}${padding}⟧`;
}

type Variant = { declarations: string[]; selectors: string[]; match: Record<string, string> };
type Catalog = Record<string, string | Variant[]>;

export function pseudoCatalog(catalog: Catalog): Catalog {
	const out: Catalog = {};
	for (const [key, value] of Object.entries(catalog)) {
		if (key === '$schema') out[key] = value;
		else if (typeof value === 'string') out[key] = pseudoText(value);
		else
			out[key] = value.map((v) => ({
				...v,
				match: Object.fromEntries(Object.entries(v.match).map(([k, t]) => [k, pseudoText(t)]))
			}));
	}
	return out;
}

/** .pseudo/: the real project with messages/en.json replaced by its pseudo form. */
export function writePseudoProject(): void {
	mkdirSync('.pseudo/project.inlang', { recursive: true });
	cpSync('messages', '.pseudo/messages', { recursive: true });
	const en = JSON.parse(readFileSync('messages/en.json', 'utf8')) as Catalog;
	writeFileSync('.pseudo/messages/en.json', JSON.stringify(pseudoCatalog(en), null, '\t'));
	// Paths in settings.json are relative to the folder that holds project.inlang: .pseudo/ here.
	const settings = readFileSync('project.inlang/settings.json', 'utf8').replaceAll(
		'./node_modules/',
		'../node_modules/'
	);
	writeFileSync('.pseudo/project.inlang/settings.json', settings);
}
