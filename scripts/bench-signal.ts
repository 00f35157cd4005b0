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
import { seal } from '../src/lib/signal/frame';
import { toLink } from '../src/lib/signal/link';

const ORIGIN = 'https://qrcall.app/';
const FIXTURES = join(import.meta.dirname, '..', 'tests', 'fixtures', 'sdp');
const CANDIDATE_LINE = /^a=candidate:.*\r?\n/gm;

function qrVersion(text: string): number | 'none' {
	try {
		return QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
	} catch {
		return 'none';
	}
}

/** The same description with its candidate lines replaced (inserted after the m-section's c= line). */
function withCandidates(sdp: string, candidates: string[]): string {
	const stripped = sdp.replace(CANDIDATE_LINE, '');
	const at = stripped.indexOf('\n', stripped.indexOf('c=IN', stripped.indexOf('m=application'))) + 1;
	return stripped.slice(0, at) + candidates.map((line) => `${line}\r\n`).join('') + stripped.slice(at);
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
			row(`  ${file.split('-')[0]} ${description.type}, ${name}`, {
				...description,
				sdp: withCandidates(sdp, lines)
			})
		);
	}
}
console.table(rows);
