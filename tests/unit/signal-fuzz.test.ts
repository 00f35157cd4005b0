// Property tests of the code's robustness: random text, random and damaged payloads, what chat apps do to a
// link, and random descriptions through the compact form. The samples and generators: ./signal-fuzz-cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { open, seal } from '../../src/lib/signal/frame';
import { decode, encode } from '../../src/lib/signal/index';
import {
	ALPHABET,
	LZ_SAMPLE,
	PATIENT,
	RADIX,
	RUNS,
	SAMPLES,
	SLOW_RUNS,
	anySample,
	failure,
	meant,
	outcome,
	randomDescription,
	refusals,
	sdpOf
} from './signal-fuzz-cases';
import { ORIGIN, essentials } from './signal/helpers';

describe('decode never throws anything but SignalError', PATIENT, () => {
	it('on arbitrary strings', () => {
		const text = fc.oneof(
			fc.string({ maxLength: 300 }),
			fc.string({ unit: 'binary', maxLength: 300 }),
			fc.string({ unit: fc.constantFrom(...`${ALPHABET}abcxyz #\n`), maxLength: 200 }),
			fc.tuple(anySample, fc.string({ maxLength: 20 })).map(([s, junk]) => `${s.link.slice(0, 30)}${junk}`)
		);
		fc.assert(
			fc.property(text, (value) => void failure(value)),
			{ numRuns: RUNS }
		);
	});

	it('on values that are not strings', () => {
		for (const value of [undefined, null, 42, {}, ['x']])
			expect(failure(value as unknown as string)).toBe('ERR_NOT_A_CODE');
	});
});

describe('sealed payloads (valid check) reach every parser, which never fails unexpectedly', PATIENT, () => {
	const payloads = SAMPLES.map((s) => open(s.code));
	const decodes = (payload: bigint, bits: number, tag: number | null) => {
		const code = seal({ length: bits, toBigInt: () => payload }, tag);
		try {
			decode(code);
		} catch (error) {
			meant(error);
		}
	};

	it('random payloads of any length, offers and answers', () => {
		const property = fc.property(
			fc
				.integer({ min: 8, max: 1200 })
				.chain((bits) => fc.tuple(fc.constant(bits), fc.bigInt({ min: 0n, max: (1n << BigInt(bits)) - 1n }))),
			fc.option(fc.integer({ min: 0, max: 65535 })),
			([bits, payload], tag) => decodes(payload, bits, tag)
		);
		fc.assert(property, { numRuns: RUNS });
	});

	it('real payloads with bits flipped, cut or extended', () => {
		const property = fc.property(
			fc.constantFrom(...payloads),
			fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
			fc.integer({ min: -60, max: 60 }),
			(frame, flips, grow) => {
				let payload = frame.payload;
				for (const at of flips) payload ^= 1n << BigInt(at % frame.bits);
				const bits = Math.max(8, frame.bits + grow);
				payload = grow >= 0 ? payload << BigInt(grow) : payload >> BigInt(frame.bits - bits);
				decodes(payload, bits, frame.tag);
			}
		);
		fc.assert(property, { numRuns: RUNS });
	});
});

describe('damaged codes are reported, never turned into a wrong description', PATIENT, () => {
	it('a code cut at any length is "cut off"', () => {
		for (const { code, link, options } of [...SAMPLES, LZ_SAMPLE]) {
			const step = code.length > 500 ? 97 : 1;
			for (let length = 1; length < code.length; length += step) {
				// A bare string under 8 characters reads as a word, not as a code.
				const expected = length < 8 ? ['ERR_NOT_A_CODE'] : ['ERR_TRUNCATED'];
				expect(expected).toContain(failure(code.slice(0, length), options));
				expect(failure(link.slice(0, link.indexOf('#') + 1 + length), options)).toBe('ERR_TRUNCATED');
			}
			for (let length = 1; length <= link.indexOf('#'); length++) {
				expect(['ERR_NOT_A_CODE', 'ERR_TRUNCATED', 'ERR_CORRUPT']).toContain(failure(link.slice(0, length)));
			}
		}
	});

	it('one changed character is always refused as "damaged" (an answer: or another call\'s)', () => {
		const property = fc.property(
			anySample,
			fc.nat(),
			fc.integer({ min: 1, max: RADIX - 1 }),
			(s, at, shift) => {
				const index = at % s.code.length;
				const changed = ALPHABET.charAt((ALPHABET.indexOf(s.code.charAt(index)) + shift) % RADIX);
				const damaged = s.code.slice(0, index) + changed + s.code.slice(index + 1);
				expect(refusals(s, index)).toContain(failure(damaged, s.options));
				expect(refusals(s, index)).toContain(failure(`${ORIGIN}#${damaged}`, s.options));
			}
		);
		fc.assert(property, { numRuns: RUNS });
	});

	it('two swapped neighbours are always "damaged"', () => {
		const property = fc.property(anySample, fc.nat(), (s, at) => {
			const index = at % (s.code.length - 1);
			const [a, b] = [s.code.charAt(index), s.code.charAt(index + 1)];
			fc.pre(a !== b);
			// A swap touching the 2-character length prefix also changes the length it declares.
			const expected = index < 2 ? [...s.damaged, 'ERR_TRUNCATED'] : s.damaged;
			expect(expected).toContain(
				failure(s.code.slice(0, index) + b + a + s.code.slice(index + 2), s.options)
			);
		});
		fc.assert(property, { numRuns: RUNS });
	});

	// A stray full stop or colon at the very end is read as punctuation of the sentence: the right description.
	it('an inserted or deleted character is "damaged" or "cut off"', () => {
		const edit = fc.oneof(
			fc.record({ kind: fc.constant('insert' as const), char: fc.constantFrom(...ALPHABET) }),
			fc.record({ kind: fc.constant('delete' as const), char: fc.constant('') })
		);
		const property = fc.property(anySample, fc.nat(), edit, (s, at, { kind, char }) => {
			const index = at % (s.code.length + (kind === 'insert' ? 1 : 0));
			const damaged = s.code.slice(0, index) + char + s.code.slice(kind === 'delete' ? index + 1 : index);
			const allowed = [...s.damaged, 'ERR_TRUNCATED', ...(/[.:]$/.test(damaged) ? ['same'] : [])];
			expect(allowed).toContain(outcome(damaged, s.expected, s.options));
			expect(allowed).toContain(outcome(`${s.link.split('#')[0]}#${damaged}`, s.expected, s.options));
		});
		fc.assert(property, { numRuns: RUNS });
	});
});

describe('long codes, newer versions and the other role are told apart', PATIENT, () => {
	it('damage to a long lz code is caught too', () => {
		const { code, options, damaged } = LZ_SAMPLE;
		const refused = (index: number) => refusals(LZ_SAMPLE, index);
		const property = fc.property(fc.nat(), fc.integer({ min: 1, max: RADIX - 1 }), (at, shift) => {
			const index = at % code.length;
			const changed = ALPHABET.charAt((ALPHABET.indexOf(code.charAt(index)) + shift) % RADIX);
			expect(refused(index)).toContain(
				failure(code.slice(0, index) + changed + code.slice(index + 1), options)
			);
			expect([...damaged, 'ERR_TRUNCATED']).toContain(
				failure(code.slice(0, index) + code.slice(index + 1), options)
			);
		});
		fc.assert(property, { numRuns: SLOW_RUNS });
	});

	it('a code from a newer version asks for an update', () => {
		for (const { code } of [...SAMPLES, LZ_SAMPLE]) {
			const frame = open(code);
			const format = Number(frame.payload >> BigInt(frame.bits - 2));
			for (const version of [2, 3]) {
				const payload = frame.payload ^ (BigInt(format ^ version) << BigInt(frame.bits - 2));
				const resealed = seal({ length: frame.bits, toBigInt: () => payload }, frame.tag);
				expect(failure(resealed)).toBe('ERR_NEWER_VERSION');
			}
		}
	});

	it('a code of the other role is refused with ERR_WRONG_ROLE', () => {
		for (const { code, expected, options } of [...SAMPLES, LZ_SAMPLE]) {
			expect(decode(code, { ...options, expect: expected.type })).toEqual(expected);
			expect(failure(code, { expect: expected.type === 'offer' ? 'answer' : 'offer' })).toBe(
				'ERR_WRONG_ROLE'
			);
		}
	});
});

describe('what chat apps do to a link does not matter', PATIENT, () => {
	it('any letter case', () => {
		const property = fc.property(
			anySample,
			fc.array(fc.boolean(), { minLength: 200, maxLength: 200 }),
			(s, upper) => {
				const text = [...s.link]
					.map((char, i) => (upper[i] ? char.toUpperCase() : char.toLowerCase()))
					.join('');
				expect(decode(text, s.options)).toEqual(s.expected);
			}
		);
		fc.assert(property, { numRuns: RUNS });
	});

	it('spaces and line breaks anywhere', () => {
		const space = fc.constantFrom(' ', '\n', '\r\n', '\t', '  \n ', '\u00a0');
		const breaks = fc.array(fc.tuple(fc.nat(), space), { minLength: 1, maxLength: 8 });
		const property = fc.property(anySample, fc.boolean(), breaks, (s, asLink, inserts) => {
			let text = asLink ? s.link : s.code;
			for (const [at, whitespace] of inserts) {
				const index = at % (text.length + 1);
				text = text.slice(0, index) + whitespace + text.slice(index);
			}
			expect(decode(text, s.options)).toEqual(s.expected);
		});
		fc.assert(property, { numRuns: RUNS });
	});
});

describe('random descriptions survive the compact form', PATIENT, () => {
	it('keeps every field exactly', () => {
		const property = fc.property(randomDescription, (d) => {
			const sdp = sdpOf(d);
			const decoded = decode(encode({ type: d.type, sdp }, { origin: ORIGIN }));
			expect(decoded.type).toBe(d.type);
			expect(essentials(decoded.sdp)).toEqual(essentials(sdp));
		});
		fc.assert(property, { numRuns: RUNS });
	});

	it('and anything else survives the lz form', () => {
		const property = fc.property(
			fc.constantFrom('offer' as const, 'answer' as const),
			fc.string({ unit: 'binary', maxLength: 400 }),
			(type, body) => {
				const original = { type, sdp: `v=0\r\nm=${body}` };
				expect(decode(encode(original))).toEqual(original);
			}
		);
		fc.assert(property, { numRuns: SLOW_RUNS * 2 });
	});
});
