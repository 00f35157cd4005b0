/**
 * Issue 14 §1: chat and web apps turn text into links with their own linkifier, and a link cut short is a call
 * that does not happen. The real linkifiers (as npm packages) must detect every qrcall link whole, in both forms
 * (the QR's upper-case link and the lower-case shared text), bare, before a line break and before a full stop.
 */
import * as LinkifyItModule from 'linkify-it';
import * as linkifyjs from 'linkifyjs';
import { Autolinker } from 'autolinker';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { describe, expect, it } from 'vitest';
import { encode, shareLink } from '../../src/lib/signal/index';
import { ORIGIN } from './signal/helpers';
import { realisticSet } from './signal/realistic';

/** 2 × 1,000 links: enough to meet each ending character and pair of characters many times. */
const DESCRIPTIONS = 1_000;
/** micromark's GFM autolinks take ~3.5 ms per link: 6,000 texts are ~20 s on an idle core. */
const PATIENT = { timeout: 120_000 };
const SUFFIXES = ['', '\n', '.'] as const;

// linkify-it 6 exports the class by name; its @types (v5) still describe a default export.
const { LinkifyIt } = LinkifyItModule as unknown as {
	LinkifyIt: new () => { match(text: string): { raw: string }[] | null };
};
const linkifyIt = new LinkifyIt();

const GFM = [gfm()];
const GFM_HTML = [gfmHtml()];

const LINKIFIERS: Record<string, (text: string) => string[]> = {
	'linkify-it': (text) => (linkifyIt.match(text) ?? []).map((match) => match.raw),
	linkifyjs: (text) => linkifyjs.find(text).map((match) => match.value),
	autolinker: (text) => {
		const found: string[] = [];
		Autolinker.link(text, {
			replaceFn: (match) => {
				found.push(match.getMatchedText());
				return true;
			}
		});
		return found;
	},
	'GFM (micromark-extension-gfm)': (text) => {
		const html = micromark(text, { extensions: GFM, htmlExtensions: GFM_HTML });
		return [...html.matchAll(/<a href="[^"]*">([^<]*)<\/a>/g)].map((match) => match[1] ?? '');
	}
};

const links = realisticSet(DESCRIPTIONS).flatMap(({ description, answering }) => {
	const qr = encode(description, { origin: ORIGIN, answering });
	return [qr, shareLink(qr)];
});

describe('every qrcall link survives the linkifiers whole', PATIENT, () => {
	it('generates both forms', () => {
		expect(links.length).toBeGreaterThanOrEqual(2_000);
		expect(links.filter((link) => link.startsWith('HTTPS://QRCALL.APP/#'))).toHaveLength(DESCRIPTIONS);
		expect(links.filter((link) => link.startsWith('https://qrcall.app/#'))).toHaveLength(DESCRIPTIONS);
	});

	it.each(Object.keys(LINKIFIERS))('%s', (name) => {
		const linkify = LINKIFIERS[name] ?? (() => []);
		const texts = links.flatMap((link) => SUFFIXES.map((suffix) => ({ link, text: link + suffix })));
		const found = texts.map(({ text }) => linkify(text));
		const cut = texts.filter(({ link }, i) => found[i]?.length !== 1 || found[i]?.[0] !== link);
		expect(cut.slice(0, 5)).toEqual([]);
	});
});
