/**
 * A realistic, reproducible set of bootstrap descriptions: Chromium and Firefox offers and answers (their
 * credential formats, a random fingerprint), with 1–3 candidates drawn from what browsers gather (private IPv4
 * hosts, IPv6 hosts, mDNS names, srflx, relay). Used by the linkifier test and `npm run bench:signal`.
 */
import type { Description } from '../../../src/lib/signal/index';
import { BROWSERS, fixture, withCandidates } from './helpers';

/** mulberry32: small, fast, good enough to spread test inputs, and the same on every run. */
export function random(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
	};
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';

export interface RealisticCase {
	description: Description;
	/** The offer an answer answers (its tag goes into the code). */
	answering?: string;
}

export function realisticSet(count: number, seed = 14): RealisticCase[] {
	const next = random(seed);
	const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
	const text = (alphabet: string, length: number) =>
		Array.from({ length }, () => alphabet.charAt(Math.floor(next() * alphabet.length))).join('');
	const byte = () => Math.floor(next() * 256);
	const port = () => 1024 + Math.floor(next() * 64_000);
	const hex4 = () => Math.floor(next() * 0x10000).toString(16);
	const candidates: (() => string)[] = [
		() => `192.168.${byte()}.${byte()} ${port()} typ host`,
		() => `10.${byte()}.${byte()}.${byte()} ${port()} typ host`,
		() => `2001:db8:${hex4()}:${hex4()}:${hex4()}:${hex4()}:${hex4()}:${hex4()} ${port()} typ host`,
		() =>
			`${text(HEX, 8)}-${text(HEX, 4)}-4${text(HEX, 3)}-${pick([...'89ab'])}${text(HEX, 3)}-${text(HEX, 12)}.local ${port()} typ host`,
		() => `203.0.${byte()}.${byte()} ${port()} typ srflx raddr 0.0.0.0 rport 0`,
		() => `198.51.100.${byte()} ${port()} typ relay raddr 0.0.0.0 rport 0`
	];
	return Array.from({ length: count }, (_, i) => {
		const browser = pick(['chromium', 'firefox'] as const);
		const role = i % 2 === 0 ? 'offer' : 'answer';
		const lines = Array.from(
			{ length: 1 + Math.floor(next() * 3) },
			(_, k) => `a=candidate:${k} 1 udp ${2_000_000_000 - k} ${pick(candidates)()}`
		);
		const [ufrag, pwd] =
			browser === 'chromium' ? [text(BASE64, 4), text(BASE64, 24)] : [text(HEX, 8), text(HEX, 32)];
		const fingerprint = Array.from({ length: 32 }, () => byte().toString(16).padStart(2, '0').toUpperCase());
		const base = withCandidates(fixture(`${BROWSERS[browser]}-${role}`), lines);
		const sdp = base.sdp
			.replace(/a=ice-ufrag:.*/, `a=ice-ufrag:${ufrag}`)
			.replace(/a=ice-pwd:.*/, `a=ice-pwd:${pwd}`)
			.replace(/a=fingerprint:.*/, `a=fingerprint:sha-256 ${fingerprint.join(':')}`);
		const answering = role === 'answer' ? fixture(`${BROWSERS[browser]}-offer`).sdp : undefined;
		return { description: { type: role, sdp }, answering };
	});
}
