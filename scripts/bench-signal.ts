/**
 * Sizes of every fixture (and of the budget cases derived from them) as a qrcall link behind
 * https://qrcall.app/: characters and QR version at ECC M for the code encode() picks, for the lz form of the
 * same description, and for the raw description JSON ("none": more than version 40 holds).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { encode, type Description } from '../src/lib/signal/index';
import { writeLz } from '../src/lib/signal/fallback';
import { isCompactable, writeCompact } from '../src/lib/signal/compact';
import { CURRENT, frameSpec, seal } from '../src/lib/signal/frame';
import { toLink } from '../src/lib/signal/link';
import { toBootstrap } from '../src/lib/signal/sdp';
import { selectCandidates } from '../src/lib/signal/select';
import { offerTag } from '../src/lib/signal/tag';
import { withCandidates } from '../tests/unit/signal/helpers';
import { realisticSet } from '../tests/unit/signal/realistic';

const ORIGIN = 'https://qrcall.app/';
const TRADE_OFF_SET = 6000;
const FIXTURES = join(import.meta.dirname, '..', 'tests', 'fixtures', 'sdp');

function qrVersion(text: string): number | 'none' {
	try {
		return QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
	} catch {
		return 'none';
	}
}

const IPV4 = 'a=candidate:1 1 udp 2122194687 192.168.1.23 51320 typ host';
const IPV6 = 'a=candidate:2 1 udp 2122265343 2001:db8:85a3::8a2e:370:7334 60953 typ host';
const MDNS_A = 'a=candidate:3 1 udp 2122187007 f747cfd2-98c0-4afb-bad4-9fb318087cf6.local 51321 typ host';
const MDNS_B = 'a=candidate:4 1 udp 2122252543 dd4731df-7f6d-4a2c-9beb-007ebdbb5e70.local 44539 typ host';
const SRFLX = 'a=candidate:5 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.1.23 rport 51320';
const CASES: Record<string, string[]> = {
	'one IPv4': [IPV4],
	'IPv4+IPv6': [IPV4, IPV6],
	'IPv4+mDNS': [IPV4, MDNS_A],
	'IPv4+srflx': [IPV4, SRFLX],
	'two mDNS': [MDNS_A, MDNS_B]
};

function row(name: string, description: Description) {
	const link = encode(description, { origin: ORIGIN });
	const lz = toLink(ORIGIN, seal(writeLz(description.type, description.sdp)));
	const json = JSON.stringify(description);
	return {
		description: name,
		'code chars': link.length - link.indexOf('#') - 1,
		'link chars': link.length,
		'link QR': qrVersion(link),
		'lz link chars': lz.length,
		'lz QR': qrVersion(lz),
		'JSON chars': json.length,
		'JSON QR': qrVersion(json)
	};
}

const rows = [];
for (const file of readdirSync(FIXTURES).sort()) {
	const sdp = readFileSync(join(FIXTURES, file), 'utf8');
	const description: Description = { type: file.includes('answer') ? 'answer' : 'offer', sdp };
	rows.push(row(file.replace(/\.sdp$/, ''), description));
	if (!file.includes('datachannel')) continue;
	for (const [name, lines] of Object.entries(CASES)) {
		rows.push(
			row(
				`  ${file.split('-')[0]}${file.includes('-av-') ? ' A/V' : ''} ${description.type}, ${name}`,
				withCandidates(description, lines)
			)
		);
	}
}
console.table(rows);

/**
 * Issue 14 §1: the `*` trade-off. The same realistic set (tests/unit/signal/realistic.ts) sealed with this
 * version's alphabet (40 characters, no `*`) and with `*` kept (41): code length and QR version of the link.
 * With `*`, markdown renderers that parse emphasis before autolinks (cmark-gfm) can split a link holding two
 * `*`s; the last column counts those links.
 */
function alphabetTradeOff(count: number) {
	const specs = {
		'no * (this version, 40)': CURRENT,
		'with * (41)': frameSpec('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ*+-/:', 36, 0x2c0de2n, true)
	};
	const set = realisticSet(count);
	return Object.entries(specs).map(([name, spec]) => {
		const versions = new Map<number | 'none', number>();
		let chars = 0;
		let twoStars = 0;
		for (const { description, answering } of set) {
			const bootstrap = toBootstrap(description.type, description.sdp);
			const writer =
				bootstrap && isCompactable(bootstrap)
					? writeCompact(selectCandidates(bootstrap))
					: writeLz(description.type, description.sdp);
			const code = seal(writer, answering === undefined ? null : offerTag(answering), spec);
			const version = qrVersion(toLink(ORIGIN, code));
			versions.set(version, (versions.get(version) ?? 0) + 1);
			chars += code.length;
			if ((code.match(/\*/g) ?? []).length >= 2) twoStars++;
		}
		const share = (version: number) => `${(((versions.get(version) ?? 0) / count) * 100).toFixed(1)} %`;
		return {
			alphabet: name,
			'mean code chars': (chars / count).toFixed(2),
			'QR 5': share(5),
			'QR 6': share(6),
			'QR 7': share(7),
			'QR > 7': `${(([...versions].filter(([v]) => v === 'none' || v > 7).reduce((n, [, c]) => n + c, 0) / count) * 100).toFixed(1)} %`,
			'links with ≥ 2 *': `${((twoStars / count) * 100).toFixed(1)} %`
		};
	});
}

console.log(
	`\nAlphabet trade-off on ${TRADE_OFF_SET} realistic descriptions (link behind ${ORIGIN}, ECC M):`
);
console.table(alphabetTradeOff(TRADE_OFF_SET));
