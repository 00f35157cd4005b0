// The too-old-browser message (static/browser-check.js) in every language of the app: its table
// (static/browser-check-text.js) has a row per catalog language with every text, and its English is the one
// browser-check.js shows until the table arrives. The language picking is tested in tests/e2e/browser-floor.spec.ts.
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

type Row = Record<string, string>;

function table(): Record<string, Row> {
	const window: { qrcallOldBrowser?: { table: Record<string, Row> } } = {};
	runInNewContext(readFileSync('static/browser-check-text.js', 'utf8'), { window });
	return window.qrcallOldBrowser?.table ?? {};
}

describe('the too-old-browser message', () => {
	const { locales } = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
		locales: string[];
	};
	const rows = table();

	it('has a row for every language of the catalog, each with every text, the list placed once', () => {
		expect(Object.keys(rows).sort()).toEqual([...locales].sort());
		const keys = Object.keys(rows.en ?? {}).sort();
		expect(keys).toEqual(['floor', 'heading', 'missing', 'title', 'update']);
		for (const [lang, row] of Object.entries(rows)) {
			expect(Object.keys(row).sort(), lang).toEqual(keys);
			for (const key of keys) expect(row[key]?.trim(), `${lang} ${key}`).not.toBe('');
			expect(row.missing?.split('{list}'), `${lang} missing`).toHaveLength(2);
			// The versions are the floor in every language.
			for (const version of ['16.4', '111', '114']) expect(row.floor, `${lang} floor`).toContain(version);
			if (lang !== 'en') expect(row.heading, lang).not.toBe(rows.en?.heading);
		}
	});

	it('shows the same English itself until the table arrives (or when it cannot be fetched)', () => {
		const check = readFileSync('static/browser-check.js', 'utf8');
		for (const text of Object.values(rows.en ?? {})) expect(check).toContain(`'${text}'`);
	});
});
