// The samples, generators and checks of signal-fuzz.test.ts: real codes from the SDP fixtures, what a decode
// outcome may be, and random descriptions (credentials, addresses, fingerprints) for the compact form.
import fc from 'fast-check';
import { expect } from 'vitest';
import { CURRENT } from '../../src/lib/signal/frame';
import {
	SignalError,
	decode,
	encode,
	type DecodeOptions,
	type Description,
	type SignalErrorCode
} from '../../src/lib/signal/index';
import { formatIPv6 } from '../../src/lib/signal/address';
import { BROWSERS, CANDIDATES, DATA_CHANNEL, ORIGIN, fixture, withCandidates } from './signal/helpers';

export const ALPHABET = CURRENT.digits.alphabet;
export const RADIX = ALPHABET.length;

/** Enough cases to find a weak check, while the whole unit suite stays well under 20 s. */
export const RUNS = Number(process.env.QRCALL_FUZZ_RUNS ?? 2000);
export const SLOW_RUNS = Math.ceil(RUNS / 13);
/** Other engineers' browsers share this machine; a loaded CPU must not turn into a failure. */
export const PATIENT = { timeout: 60_000 * Math.max(1, RUNS / 2000) };

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

export const SAMPLES: Sample[] = [
	...DATA_CHANNEL.map((name) => sample(fixture(name))),
	sample(withCandidates(fixture(`${BROWSERS.chromium}-offer`), [CANDIDATES.ipv4])),
	sample(withCandidates(fixture(`${BROWSERS.firefox}-answer`), [CANDIDATES.ipv4, CANDIDATES.srflx]))
];
export const LZ_SAMPLE = sample(fixture('firefox153-av-answer'));
export const anySample = fc.constantFrom(...SAMPLES);

/** 'same' when decode gives the expected description, else the SignalError code; a wrong description fails. */
export function outcome(
	text: string,
	expected: Description,
	options?: DecodeOptions
): SignalErrorCode | 'same' {
	try {
		expect(decode(text, options)).toEqual(expected);
		return 'same';
	} catch (error) {
		return meant(error);
	}
}

/** The SignalError code decode throws for `text` (fails the test on any other exception or on success). */
export function failure(text: string, options?: DecodeOptions): SignalErrorCode {
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
export function meant(error: unknown): SignalErrorCode {
	expect(error).toBeInstanceOf(SignalError);
	expect((error as SignalError).cause).toBeUndefined();
	return (error as SignalError).code;
}

/**
 * What a changed character at `index` may be reported as: damaged, or for an answer another call's answer, or
 * (in an answer's length prefix, which its check cannot tell from a cut) cut off. Never the code it was.
 */
export function refusals(s: Sample, index: number): SignalErrorCode[] {
	return index < 2 && s.options.answering ? [...s.damaged, 'ERR_TRUNCATED'] : s.damaged;
}

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
/** A random data-channel description: credentials, fingerprint, role and up to two candidates. */
export const randomDescription = fc.record({
	type: fc.constantFrom('offer' as const, 'answer' as const),
	setup: fc.constantFrom('actpass', 'active', 'passive'),
	credentials,
	fingerprint: fc.uint8Array({ minLength: 32, maxLength: 32 }),
	candidates: fc.array(candidate, { maxLength: 2 })
});

type RandomDescription = typeof randomDescription extends fc.Arbitrary<infer T> ? T : never;
const template = withCandidates(fixture(`${BROWSERS.chromium}-offer`), []);

/** The SDP of a random description: the template's, with its credentials, fingerprint, role and candidates. */
export function sdpOf(d: RandomDescription): string {
	const fingerprint = [...d.fingerprint].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
	const lines = d.candidates.map(
		(c, i) =>
			`a=candidate:${i} 1 udp 100 ${c.address} ${c.port} typ ${c.type}${c.type === 'host' ? '' : ' raddr 0.0.0.0 rport 0'}`
	);
	return withCandidates(template, lines)
		.sdp.replace(/a=ice-ufrag:.*/, `a=ice-ufrag:${d.credentials[0]}`)
		.replace(/a=ice-pwd:.*/, `a=ice-pwd:${d.credentials[1]}`)
		.replace(/a=fingerprint:.*/, `a=fingerprint:sha-256 ${fingerprint}`)
		.replace(/a=setup:.*/, `a=setup:${d.setup}`);
}
