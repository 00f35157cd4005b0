/** Shared inputs for the signal codec tests, all derived from the captured fixtures. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import QRCode from 'qrcode';
import { parse } from 'sdp-transform';
import { SignalError, type Description } from '../../../src/lib/signal/index';

export const ORIGIN = 'https://qrcall.app/';
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'sdp');

export const FIXTURE_NAMES = [
	'chromium156-datachannel-offer',
	'chromium156-datachannel-answer',
	'firefox153-datachannel-mdns-offer',
	'firefox153-datachannel-mdns-answer',
	'chromium156-av-offer',
	'chromium156-av-answer',
	'firefox153-av-offer',
	'firefox153-av-answer'
] as const;

export function fixture(name: string): Description {
	const sdp = readFileSync(join(FIXTURES, `${name}.sdp`), 'utf8');
	return { type: name.endsWith('answer') ? 'answer' : 'offer', sdp };
}

export const DATA_CHANNEL = FIXTURE_NAMES.filter((name) => name.includes('datachannel'));
export const BROWSERS = {
	chromium: 'chromium156-datachannel',
	firefox: 'firefox153-datachannel-mdns'
} as const;

export const CANDIDATES = {
	ipv4: 'a=candidate:1 1 udp 2122194687 192.168.1.23 51320 typ host',
	ipv6: 'a=candidate:2 1 udp 2122265343 2001:db8:85a3::8a2e:370:7334 60953 typ host',
	mdnsA: 'a=candidate:3 1 UDP 2122187007 f747cfd2-98c0-4afb-bad4-9fb318087cf6.local 51321 typ host',
	mdnsB: 'a=candidate:4 1 UDP 2122252543 dd4731df-7f6d-4a2c-9beb-007ebdbb5e70.local 44539 typ host',
	srflx: 'a=candidate:5 1 udp 1686052607 203.0.113.7 61000 typ srflx raddr 192.168.1.23 rport 51320',
	relay: 'a=candidate:6 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 61000',
	tcp: 'a=candidate:7 1 tcp 1518214911 192.168.1.23 9 typ host tcptype active'
} as const;

/** A fixture with its candidate lines replaced by `lines` (right after the first section's c= line). */
export function withCandidates(description: Description, lines: readonly string[]): Description {
	const stripped = description.sdp.replace(/^a=candidate:.*\r?\n/gm, '');
	const at = stripped.indexOf('\n', stripped.indexOf('c=IN', stripped.indexOf('m='))) + 1;
	const sdp = stripped.slice(0, at) + lines.map((line) => `${line}\r\n`).join('') + stripped.slice(at);
	return { ...description, sdp };
}

export function qrVersion(text: string): number {
	return QRCode.create(text, { errorCorrectionLevel: 'M' }).version;
}

/** What must survive the compact form, read with sdp-transform (String(): it turns "1234" into 1234). */
export function essentials(sdp: string) {
	const session = parse(sdp);
	const media = session.media.find((section) => section.type === 'application');
	if (!media) throw new Error('no data section');
	return {
		ufrag: String(media.iceUfrag ?? session.iceUfrag),
		pwd: String(media.icePwd ?? session.icePwd),
		fingerprint: (media.fingerprint ?? session.fingerprint)?.hash.toUpperCase(),
		setup: media.setup ?? session.setup,
		candidates: (media.candidates ?? [])
			.filter((candidate) => candidate.transport.toLowerCase() === 'udp' && candidate.component === 1)
			.map((candidate) => `${candidate.type} ${String(candidate.ip)} ${candidate.port}`)
	};
}

/** The SignalError that `run` throws; any other outcome fails the test. */
export function errorOf(run: () => unknown): SignalError {
	try {
		run();
	} catch (error) {
		if (error instanceof SignalError) return error;
		throw error;
	}
	throw new Error('no error thrown');
}
