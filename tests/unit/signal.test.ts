import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { decode, encode, extractCode, type Description } from '../../src/lib/signal/index';
import {
	BROWSERS,
	CANDIDATES,
	DATA_CHANNEL,
	FIXTURE_NAMES,
	ORIGIN,
	errorOf,
	essentials,
	fixture,
	qrVersion,
	withCandidates
} from './signal/helpers';

const CODE_CHARS = /^[0-9A-Z+\-/:]*[0-9A-Z]$/;

describe('round trip of the captured fixtures', () => {
	it.each(DATA_CHANNEL)('%s keeps credentials, fingerprint, setup, role and UDP candidates', (name) => {
		const original = fixture(name);
		const code = encode(original);
		expect(code).toMatch(CODE_CHARS);
		const decoded = decode(code);
		expect(decoded.type).toBe(original.type);
		const before = essentials(original.sdp);
		expect(before.candidates.length).toBeGreaterThanOrEqual(2);
		expect(essentials(decoded.sdp)).toEqual(before);
		expect(decoded.sdp).not.toMatch(/ tcp /i);
	});

	// An answer with every codec has no media record (signal-media.test.ts): the lz form carries it.
	it.each(FIXTURE_NAMES.filter((name) => name.includes('-av-') && name.endsWith('answer')))(
		'%s survives whole via the lz form',
		(name) => {
			const original = fixture(name);
			const link = encode(original, { origin: ORIGIN });
			expect(decode(link)).toEqual(original);
			expect(parse(decode(link).sdp)).toEqual(parse(original.sdp));
		}
	);

	it('keeps srflx and relay candidates with their type', () => {
		const original = withCandidates(fixture(`${BROWSERS.chromium}-offer`), [
			CANDIDATES.ipv4,
			CANDIDATES.srflx,
			CANDIDATES.relay,
			'a=candidate:2 1 UDP 1845501695 10.0.0.1 65535 typ prflx raddr 0.0.0.0 rport 0',
			CANDIDATES.tcp
		]);
		const media = parse(decode(encode(original)).sdp).media[0];
		expect(media?.candidates?.map((c) => [c.type, c.ip, c.port, c.raddr, c.rport])).toEqual([
			['host', '192.168.1.23', 51320, undefined, undefined],
			['srflx', '203.0.113.7', 61000, '0.0.0.0', 0],
			['relay', '198.51.100.9', 3478, '0.0.0.0', 0],
			['prflx', '10.0.0.1', 65535, '0.0.0.0', 0]
		]);
	});

	it('keeps odd credentials and addresses exactly', () => {
		const base = withCandidates(fixture(`${BROWSERS.firefox}-answer`), [
			'a=candidate:0 1 UDP 2122187007 my-laptop.local 5000 typ host',
			'a=candidate:1 1 UDP 2122187007 FE80::1 5001 typ host'
		]);
		for (const [ufrag, pwd] of [
			['0123', '012345678901234567890123'],
			['x', 'short+/pwd'],
			['we!rd~', 'p@ss-w0rd_with.other=chars'],
			['ABCDEF12', 'abcdef0123456789abcdef0123456789']
		] as const) {
			const sdp = base.sdp
				.replace(/a=ice-ufrag:.*/, `a=ice-ufrag:${ufrag}`)
				.replace(/a=ice-pwd:.*/, `a=ice-pwd:${pwd}`);
			const decoded = essentials(decode(encode({ ...base, sdp })).sdp);
			expect(decoded).toEqual(essentials(sdp));
			expect([decoded.ufrag, decoded.pwd]).toEqual([ufrag, pwd]);
		}
	});

	it('falls back to the lz form for another fingerprint hash', () => {
		const original = fixture(`${BROWSERS.chromium}-answer`);
		const sdp = original.sdp.replace(/a=fingerprint:sha-256 .*/, `a=fingerprint:sha-1 ${'AB:'.repeat(19)}AB`);
		expect(decode(encode({ ...original, sdp }))).toEqual({ ...original, sdp });
	});
});

describe('the rebuilt SDP', () => {
	it.each(DATA_CHANNEL)('%s parses with sdp-transform into a standard data-channel section', (name) => {
		const original = fixture(name);
		const sdp = decode(encode(original)).sdp;
		expect(sdp.endsWith('\r\n')).toBe(true);
		const session = parse(sdp);
		expect(session.version).toBe(0);
		expect(session.origin).toMatchObject({ username: '-', sessionVersion: 2, address: '127.0.0.1' });
		expect(session.groups).toEqual([{ type: 'BUNDLE', mids: 0 }]);
		expect(session.media).toHaveLength(1);
		const media = session.media[0];
		expect(media).toMatchObject({
			type: 'application',
			port: 9,
			protocol: 'UDP/DTLS/SCTP',
			payloads: 'webrtc-datachannel',
			connection: { version: 4, ip: '0.0.0.0' },
			iceOptions: 'trickle',
			mid: 0,
			sctpPort: 5000,
			maxMessageSize: 262144,
			fingerprint: { type: 'sha-256' }
		});
		expect(media?.endOfCandidates).toBeUndefined();
		expect(media?.setup).toBe(original.type === 'offer' ? 'actpass' : 'active');
		const priorities = media?.candidates?.map((c) => c.priority) ?? [];
		expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
		for (const candidate of media?.candidates ?? []) {
			expect(candidate).toMatchObject({ component: 1, transport: 'udp', type: 'host' });
			expect(candidate.priority).toBeGreaterThan(0);
			expect(candidate.priority).toBeLessThan(2 ** 31);
		}
	});
});

describe('size budget: QR version at ECC M of the link behind https://qrcall.app/', () => {
	const cases = (Object.keys(BROWSERS) as (keyof typeof BROWSERS)[]).flatMap((browser) =>
		(['offer', 'answer'] as const).map((role) => ({
			browser,
			role,
			base: fixture(`${BROWSERS[browser]}-${role}`)
		}))
	);
	const version = (base: Description, lines: string[]) =>
		qrVersion(encode(withCandidates(base, lines), { origin: ORIGIN }));

	it.each(cases)('$browser $role: one IPv4 host candidate fits version 5', ({ base }) => {
		expect(version(base, [CANDIDATES.ipv4])).toBe(5);
		expect(version(base, [CANDIDATES.ipv4, CANDIDATES.tcp])).toBe(5);
	});

	it.each(cases)('$browser $role: two candidates with an IP fit version 6', ({ base }) => {
		expect(version(base, [CANDIDATES.ipv4, CANDIDATES.ipv6])).toBe(6);
		expect(version(base, [CANDIDATES.ipv4, CANDIDATES.mdnsA])).toBe(6);
		expect(version(base, [CANDIDATES.mdnsA, CANDIDATES.ipv4])).toBe(6);
		expect(version(base, [CANDIDATES.ipv4, CANDIDATES.srflx])).toBe(6);
		expect(version(base, [CANDIDATES.ipv4, CANDIDATES.relay])).toBe(6);
	});

	it.each(cases)('$browser $role: two mDNS candidates need version 7', ({ base }) => {
		// Physically impossible in version 6: behind the prefix it holds 129 code characters = floor(129·log2 43)
		// = 699 bits, while two mDNS candidates alone are 2 × (122 UUID bits + 16 port bits) = 276 bits, plus
		// credentials (160 bits Firefox hex, 168 Chromium base64) and the 256-bit fingerprint = 692–700 bits of
		// random data, before any header or the 24-bit check. With header (8 + 2 × 4 bits), check (24) and the
		// length prefix (2 characters) the code is 137 (Firefox) / 139 (Chromium) characters: version 7 (≤ 152).
		expect(version(base, [CANDIDATES.mdnsA, CANDIDATES.mdnsB])).toBe(7);
		// IPv6 + mDNS likewise: 2 × 4 + 128 + 16 + 122 + 16 = 290 candidate bits; 137/139 characters.
		expect(version(base, [CANDIDATES.ipv6, CANDIDATES.mdnsA])).toBe(7);
	});

	it('keeps the fixtures themselves within their budgets', () => {
		expect(qrVersion(encode(fixture(`${BROWSERS.chromium}-offer`), { origin: ORIGIN }))).toBe(6);
		expect(qrVersion(encode(fixture(`${BROWSERS.firefox}-offer`), { origin: ORIGIN }))).toBe(7);
	});
});

describe('candidate selection', () => {
	const base = fixture(`${BROWSERS.chromium}-offer`);
	const kept = (lines: string[]) => essentials(decode(encode(withCandidates(base, lines))).sdp).candidates;

	it('keeps the best candidates in their original order and stays within version 6', () => {
		const many = [
			CANDIDATES.relay,
			CANDIDATES.mdnsA,
			CANDIDATES.srflx,
			CANDIDATES.ipv6,
			CANDIDATES.ipv4,
			'a=candidate:9 1 udp 2122194687 10.1.2.3 40000 typ host',
			CANDIDATES.mdnsB
		];
		const link = encode(withCandidates(base, many), { origin: ORIGIN });
		expect(qrVersion(link)).toBeLessThanOrEqual(6);
		// Private IPv4 hosts first, then the first name (mDNS: too big now), srflx, relay; the rest do not fit.
		expect(essentials(decode(link).sdp).candidates).toEqual([
			'relay 198.51.100.9 3478',
			'srflx 203.0.113.7 61000',
			'host 192.168.1.23 51320',
			'host 10.1.2.3 40000'
		]);
	});

	it('always keeps the two best, even two mDNS names', () => {
		expect(kept([CANDIDATES.mdnsA, CANDIDATES.mdnsB])).toHaveLength(2);
		expect(kept([CANDIDATES.relay, CANDIDATES.mdnsA, CANDIDATES.srflx, CANDIDATES.mdnsB])).toEqual([
			'host f747cfd2-98c0-4afb-bad4-9fb318087cf6.local 51321',
			'srflx 203.0.113.7 61000'
		]);
	});

	it('ranks loopback and link-local addresses last (issue 14 §3)', () => {
		const loopback = 'a=candidate:8 1 udp 2122260223 127.0.0.1 50000 typ host';
		const linkLocal = 'a=candidate:9 1 udp 2122260223 fe80::1c2b:3aff:fe4d:5e6f 50001 typ host';
		expect(kept([loopback, CANDIDATES.ipv6, CANDIDATES.mdnsA])).toEqual([
			'host 2001:db8:85a3::8a2e:370:7334 60953',
			'host f747cfd2-98c0-4afb-bad4-9fb318087cf6.local 51321'
		]);
		expect(kept([linkLocal, CANDIDATES.ipv4, CANDIDATES.ipv6])).toEqual([
			'host 192.168.1.23 51320',
			'host 2001:db8:85a3::8a2e:370:7334 60953'
		]);
	});

	it('carries a=ice-lite and a max-message-size below the default, in the compact form', () => {
		const base = withCandidates(fixture(`${BROWSERS.chromium}-offer`), [CANDIDATES.ipv4]);
		const sdp = base.sdp
			.replace('a=max-message-size:262144', 'a=max-message-size:16384')
			.replace('a=mid:0', 'a=mid:0\r\na=ice-lite');
		const code = encode({ type: 'offer', sdp });
		expect(code.length).toBeLessThan(110);
		const rebuilt = decode(code).sdp;
		expect(rebuilt).toContain('a=max-message-size:16384\r\n');
		expect(rebuilt).toContain('a=ice-lite\r\n');
		// A larger limit (Firefox declares 1073741823) is rebuilt as 262144, which the sender may stay below.
		const large = base.sdp.replace('a=max-message-size:262144', 'a=max-message-size:1073741823');
		expect(decode(encode({ type: 'offer', sdp: large })).sdp).toContain('a=max-message-size:262144\r\n');
		// No attribute means 64 KiB (RFC 8841 §6): carried, not raised to 262144.
		const none = base.sdp.replace('a=max-message-size:262144\r\n', '');
		expect(decode(encode({ type: 'offer', sdp: none })).sdp).toContain('a=max-message-size:65536\r\n');
	});

	it('accepts a description without candidates', () => {
		expect(kept([])).toEqual([]);
	});
});

describe('links and pasted text', () => {
	const original = fixture(`${BROWSERS.chromium}-answer`);
	const link = encode(original, { origin: ORIGIN });
	const code = encode(original);

	it('upper-cases scheme and host only', () => {
		expect(link).toBe(`HTTPS://QRCALL.APP/#${code}`);
		expect(encode(original, { origin: 'https://example.org/Call/' })).toBe(
			`HTTPS://EXAMPLE.ORG/Call/#${code}`
		);
		expect(encode(original, { origin: 'http://localhost:5173' })).toBe(`HTTP://LOCALHOST:5173/#${code}`);
	});

	it('decodes the bare code, the link in any case, split by chat apps or inside chat text', () => {
		const expected = decode(code);
		for (const text of [
			link,
			link.toLowerCase(),
			`  ${code.slice(0, 40)}\n${code.slice(40, 80)} ${code.slice(80)}\r\n`,
			`join me: ${link.toLowerCase()} thanks`,
			`join me: ${link}, thanks!`,
			`Call me: ${link}.`,
			`Here is my code: ${code} — see you`,
			`<${link}>`
		]) {
			expect(decode(text)).toEqual(expected);
			expect(extractCode(text)).toBe(code);
		}
	});

	it('reports the role mismatch the user can act on', () => {
		const offer = encode(fixture(`${BROWSERS.firefox}-offer`));
		expect(decode(offer, { expect: 'offer' }).type).toBe('offer');
		expect(errorOf(() => decode(code, { expect: 'offer' }))).toMatchObject({
			code: 'ERR_WRONG_ROLE',
			message: 'This is an answer — scan it on the device that started the call.'
		});
		expect(errorOf(() => decode(offer, { expect: 'answer' }))).toMatchObject({
			code: 'ERR_WRONG_ROLE',
			message: 'This is a call code, not an answer — open it on the other device to join.'
		});
	});

	it('explains what is wrong', () => {
		const cases: [string, string, string][] = [
			['', 'ERR_EMPTY', 'Paste or scan a code first.'],
			[' \n\t', 'ERR_EMPTY', 'Paste or scan a code first.'],
			['hello', 'ERR_NOT_A_CODE', 'This is not a qrcall code.'],
			['Hello, how are you doing today? Call me later!', 'ERR_NOT_A_CODE', 'This is not a qrcall code.'],
			['https://qrcall.app/#', 'ERR_TRUNCATED', 'This code is cut off — copy the whole code.'],
			[link.slice(0, -10), 'ERR_TRUNCATED', 'This code is cut off — copy the whole code.'],
			[
				code.slice(0, 50) + (code[50] === 'A' ? 'B' : 'A') + code.slice(51),
				'ERR_CORRUPT',
				'This code is damaged — a character was changed. Copy it again.'
			]
		];
		for (const [text, errorCode, message] of cases)
			expect(errorOf(() => decode(text))).toMatchObject({ code: errorCode, message });
		expect(errorOf(() => extractCode(''))).toMatchObject({ code: 'ERR_EMPTY' });
	});

	it('refuses to encode what is not a description', () => {
		expect(
			errorOf(() => encode({ type: 'pranswer', sdp: original.sdp } as unknown as Description))
		).toMatchObject({
			code: 'ERR_UNSUPPORTED'
		});
		expect(errorOf(() => encode({ type: 'offer', sdp: 'v=0' }))).toMatchObject({ code: 'ERR_UNSUPPORTED' });
	});
});
