import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CURRENT, open, seal } from '../../src/lib/signal/frame';
import {
	SignalError,
	decode,
	encode,
	type DecodeOptions,
	type Description,
	type SignalErrorCode
} from '../../src/lib/signal/index';
import { formatIPv6 } from '../../src/lib/signal/address';
import {
	BROWSERS,
	CANDIDATES,
	DATA_CHANNEL,
	ORIGIN,
	essentials,
	fixture,
	withCandidates
} from './signal/helpers';

const ALPHABET = CURRENT.digits.alphabet;
const RADIX = ALPHABET.length;

/** Enough cases to find a weak check, while the whole unit suite stays well under 20 s. */
const RUNS = Number(process.env.QRCALL_FUZZ_RUNS ?? 2000);
const SLOW_RUNS = Math.ceil(RUNS / 13);
/** Other engineers' browsers share this machine; a loaded CPU must not turn into a failure. */
const PATIENT = { timeout: 60_000 * Math.max(1, RUNS / 2000) };

interface Sample {
	code: string;
	link: string;
	expected: Description;
	/** An answer is decoded as the caller does: knowing its offer (whose tag the answer carries). */
	options: DecodeOptions;
	/** What damage may be reported as: an answer's damage can land on another offer's tag (frame.ts). */
	damaged: SignalErrorCode[];
}

const OFFER = fixture(`${BROWSERS.chromium}-offer`).sdp;

function sample(description: Description): Sample {
	const answering = description.type === 'answer' ? OFFER : undefined;
	const code = encode(description, { answering });
	const options = { answering };
	return {
		code,
		link: encode(description, { origin: ORIGIN, answering }),
		expected: decode(code, options),
		options,
		damaged: answering ? ['ERR_CORRUPT', 'ERR_OTHER_CALL'] : ['ERR_CORRUPT']
	};
}

const SAMPLES: Sample[] = [
	...DATA_CHANNEL.map((name) => sample(fixture(name))),
	sample(withCandidates(fixture(`${BROWSERS.chromium}-offer`), [CANDIDATES.ipv4])),
	sample(withCandidates(fixture(`${BROWSERS.firefox}-answer`), [CANDIDATES.ipv4, CANDIDATES.srflx]))
];
const LZ_SAMPLE = sample(fixture('firefox153-av-answer'));
const anySample = fc.constantFrom(...SAMPLES);

/** 'same' when decode gives the expected description, else the SignalError code; a wrong description fails. */
function outcome(text: string, expected: Description, options?: DecodeOptions): SignalErrorCode | 'same' {
	try {
		expect(decode(text, options)).toEqual(expected);
		return 'same';
	} catch (error) {
		return meant(error);
	}
}

/** The SignalError code decode throws for `text` (fails the test on any other exception or on success). */
function failure(text: string, options?: DecodeOptions): SignalErrorCode {
	try {
		decode(text, options);
	} catch (error) {
		return meant(error);
	}
	throw new Error(`decoded: ${JSON.stringify(text)}`);
}

/**
 * A SignalError the codec meant to throw. decode wraps anything else (a bug in a parser, a library surprise) as
 * ERR_CORRUPT with the original as `cause`: that must never happen, or a bug would pass for a changed character.
 */
function meant(error: unknown): SignalErrorCode {
	expect(error).toBeInstanceOf(SignalError);
	expect((error as SignalError).cause).toBeUndefined();
	return (error as SignalError).code;
}

/**
 * What a changed character at `index` may be reported as: damaged, or for an answer another call's answer, or
 * (in an answer's length prefix, which its check cannot tell from a cut) cut off. Never the code it was.
 */
function refusals(s: Sample, index: number): SignalErrorCode[] {
	return index < 2 && s.options.answering ? [...s.damaged, 'ERR_TRUNCATED'] : s.damaged;
}

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
	const hex = (length: number) =>
		fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: length, maxLength: length });
	const base64 = (min: number, max: number) =>
		fc.string({
			unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'),
			minLength: min,
			maxLength: max
		});
	const ascii = fc.string({
		unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
		minLength: 1,
		maxLength: 40
	});
	const credentials = fc.oneof(
		fc.tuple(base64(4, 4), base64(24, 24)),
		fc.tuple(hex(8), hex(32)),
		fc.tuple(base64(1, 64), base64(1, 64)),
		fc.tuple(ascii, ascii)
	);
	const address = fc.oneof(
		fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((bytes) => bytes.join('.')),
		fc.uint8Array({ minLength: 16, maxLength: 16 }).map(formatIPv6),
		fc.uuid({ version: 4 }).map((uuid) => `${uuid}.local`),
		fc.stringMatching(/^[a-z0-9-]{1,30}\.(local|lan)$/)
	);
	const candidate = fc.record({
		address,
		port: fc.integer({ min: 0, max: 65535 }),
		type: fc.constantFrom('host', 'srflx', 'prflx', 'relay')
	});
	const description = fc.record({
		type: fc.constantFrom('offer' as const, 'answer' as const),
		setup: fc.constantFrom('actpass', 'active', 'passive'),
		credentials,
		fingerprint: fc.uint8Array({ minLength: 32, maxLength: 32 }),
		candidates: fc.array(candidate, { maxLength: 2 })
	});

	const template = withCandidates(fixture(`${BROWSERS.chromium}-offer`), []);

	it('keeps every field exactly', () => {
		const property = fc.property(description, (d) => {
			const fingerprint = [...d.fingerprint]
				.map((b) => b.toString(16).padStart(2, '0').toUpperCase())
				.join(':');
			const lines = d.candidates.map(
				(c, i) =>
					`a=candidate:${i} 1 udp 100 ${c.address} ${c.port} typ ${c.type}${c.type === 'host' ? '' : ' raddr 0.0.0.0 rport 0'}`
			);
			const sdp = withCandidates(template, lines)
				.sdp.replace(/a=ice-ufrag:.*/, `a=ice-ufrag:${d.credentials[0]}`)
				.replace(/a=ice-pwd:.*/, `a=ice-pwd:${d.credentials[1]}`)
				.replace(/a=fingerprint:.*/, `a=fingerprint:sha-256 ${fingerprint}`)
				.replace(/a=setup:.*/, `a=setup:${d.setup}`);
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
