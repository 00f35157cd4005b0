/** Frame version 2 (docs/signal-format.md §2): the alphabet, the answer's tag, codes of the first version. */
import { describe, expect, it } from 'vitest';
import { decode, encode, shareLink } from '../../src/lib/signal/index';
import { offerTag } from '../../src/lib/signal/tag';
import { BROWSERS, CANDIDATES, ORIGIN, errorOf, fixture, qrVersion, withCandidates } from './signal/helpers';
import { realisticSet } from './signal/realistic';

/** Made by the first version (commit a1c5739) from the Chromium and Firefox fixtures. */
const V1_CHROMIUM_OFFER =
	'HTTPS://QRCALL.APP/#2*3ST*6D6*8XX6U*XXE1N1L6W:HLHXE.F6K98$NA0B3*3$*SSIG/DM82UT-JT:H9F37HWOLU*3QV02/RM04/43BJ2MTR.5AY42/BB30/9D3V2C7-+/.GXJNGQ8J';
const V1_CHROMIUM_ANSWER =
	'HTTPS://QRCALL.APP/#2*5+K:T70XC.5FQ$FH6/KEASQTA$46OQIM:N39N31WRW$B*:EAS2VFAZFIZTBF6:ZLXDWM36.T0VQH2QAFNGG94WEMM-NH+:BPL2D4/SW.I/-CHGT7CS94V$V+Z';
const V1_FIREFOX_OFFER =
	'HTTPS://QRCALL.APP/#383ZUAYU..U2FIQ2OM9+$L7M-AJG3I/+8A/2Z*5K:7ERN*/8HU1LELQA-DVQ+7ZDF457.AS3072A2TBNPRA5HK$R:.-9TKB7T2A0/QMSQ8H9O9HQPOL/P9G65PWMM4VE1T.4E72.K';
const OLDER =
	'This code comes from an older qrcall — reload qrcall on the other device to update it, then make a new code.';
const OTHER_CALL =
	'This answer belongs to another call code — on the other device, open the code shown here and answer again';

describe('the alphabet keeps links whole', () => {
	const set = realisticSet(300);
	it('uses 0-9 A-Z + - / : only, and ends every code with a letter or a digit', () => {
		for (const { description, answering } of set) {
			const code = encode(description, { answering });
			expect(code).toMatch(/^[0-9A-Z+\-/:]*[0-9A-Z]$/);
		}
	});

	it('shares the lower-case link and puts the upper-case one in the QR code', () => {
		const link = encode(fixture(`${BROWSERS.chromium}-offer`), { origin: ORIGIN });
		const code = link.slice(link.indexOf('#') + 1);
		expect(link).toBe(`HTTPS://QRCALL.APP/#${code}`);
		expect(shareLink(link)).toBe(`https://qrcall.app/#${code}`);
		expect(shareLink(`HTTPS://EXAMPLE.ORG:8443/Call/#${code}`)).toBe(
			`https://example.org:8443/Call/#${code}`
		);
		expect(decode(shareLink(link))).toEqual(decode(link));
	});
});

describe('codes of the first version', () => {
	it.each([V1_CHROMIUM_OFFER, V1_CHROMIUM_ANSWER, V1_FIREFOX_OFFER])(
		'say they come from an older qrcall',
		(v1) => {
			for (const text of [v1, v1.toLowerCase(), v1.slice(v1.indexOf('#') + 1), `join me: ${v1}`])
				expect(errorOf(() => decode(text))).toMatchObject({ code: 'ERR_OLDER_VERSION', message: OLDER });
		}
	);

	it('are only taken for older when their check passes', () => {
		const damaged = V1_CHROMIUM_OFFER.replace('#2*3ST', '#2*3SU');
		expect(errorOf(() => decode(damaged)).code).toBe('ERR_CORRUPT');
	});
});

describe("an answer carries its offer's tag", () => {
	const offer = fixture(`${BROWSERS.chromium}-offer`);
	const otherOffer = fixture(`${BROWSERS.firefox}-offer`);
	const answer = fixture(`${BROWSERS.chromium}-answer`);

	it('is read by the caller whose offer it answers', () => {
		const code = encode(answer, { answering: offer.sdp });
		expect(decode(code, { expect: 'answer', answering: offer.sdp }).type).toBe('answer');
	});

	it('is refused at once by a caller with another offer, with what to do', () => {
		const code = encode(answer, { answering: otherOffer.sdp });
		expect(errorOf(() => decode(code, { expect: 'answer', answering: offer.sdp }))).toMatchObject({
			code: 'ERR_OTHER_CALL',
			message: OTHER_CALL
		});
		// An answer made without any offer (the command line) belongs to no call either.
		expect(errorOf(() => decode(encode(answer), { answering: offer.sdp })).code).toBe('ERR_OTHER_CALL');
	});

	it('is the same for the caller (its own offer) and the joiner (the offer rebuilt from the code)', () => {
		for (const name of [`${BROWSERS.chromium}-offer`, `${BROWSERS.firefox}-offer`]) {
			const original = fixture(name).sdp;
			expect(offerTag(decode(encode(fixture(name))).sdp)).toBe(offerTag(original));
		}
		expect(offerTag(offer.sdp)).not.toBe(offerTag(otherOffer.sdp));
	});

	it('costs no character: the budgets hold for tagged answers', () => {
		for (const browser of ['chromium', 'firefox'] as const) {
			const base = fixture(`${BROWSERS[browser]}-answer`);
			const answering = fixture(`${BROWSERS[browser]}-offer`).sdp;
			const version = (lines: string[]) =>
				qrVersion(encode(withCandidates(base, lines), { origin: ORIGIN, answering }));
			expect(version([CANDIDATES.ipv4])).toBe(5);
			expect(version([CANDIDATES.relay])).toBe(5);
			expect(version([CANDIDATES.ipv4, CANDIDATES.ipv6])).toBe(6);
			expect(version([CANDIDATES.ipv4, CANDIDATES.mdnsA])).toBe(6);
		}
	});
});

describe('what people paste (issue 14 §2)', () => {
	const offer = fixture(`${BROWSERS.chromium}-offer`);
	const link = shareLink(encode(offer, { origin: ORIGIN }));
	const code = link.slice(link.indexOf('#') + 1);
	const expected = decode(code);

	it.each([
		['(link).', `Call me (${link}).`],
		['<link>', `<${link}>`],
		['"link"', `"${link}"`],
		['[text](link)', `[join my call](${link})`],
		['percent-encoded link', encodeURIComponent(link)],
		['percent-encoded code characters', link.replace(/\//g, '%2F').replace(/:/g, '%3A')],
		['link + full stop', `${link}.`],
		['link + colon', `${link}:`]
	])('%s decodes', (_, text) => {
		expect(decode(text)).toEqual(expected);
	});

	it('tries a trailing full stop or colon one character at a time (a first-version code could end in one)', () => {
		// Made by the first version; it ends in `.`. Followed by a sentence's full stop, stripping every trailing
		// `.` at once (as before) cut it and called it damaged; one at a time finds it.
		const v1 =
			'HTTPS://QRCALL.APP/#2A577OCN46X6R/+8AG$1ORMRFEK0DT-THX75B8-R70C01*WQF7PPVM8HG$:K8*WN+Z7GWQ:6$MATKLW4/HHCW.NW3GXPG-3.';
		for (const text of [`Join: ${v1}.`, `Join: ${v1}:`, `(${v1}).`, v1])
			expect(errorOf(() => decode(text))).toMatchObject({ code: 'ERR_OLDER_VERSION', message: OLDER });
	});

	it('a fragment cut inside an escape or after one or two characters is "cut off"', () => {
		const cut = 'This code is cut off — copy the whole code.';
		for (const text of [`${link.slice(0, 40)}%2`, `${link.slice(0, 40)}%`, '#2', '#2H', `${ORIGIN}#2H`])
			expect(errorOf(() => decode(text))).toMatchObject({ code: 'ERR_TRUNCATED', message: cut });
	});
});
