import type { BitReader, BitWriter } from './bits';
import { SignalError } from './errors';
import { DIRECTIONS, EXTENSIONS, MAX_EXTENSION_ID, MEDIA_KINDS, MIN_PAYLOAD_TYPE } from './media';
import type { MediaKind, MediaProfile, MediaSection } from './model';

/**
 * The media record's bits (docs/signal-format.md §3.2): `1` · profile (2) · two directions (2 + 2) when the
 * numbers are those a browser always offers, else `0` · each section in full. The common case is 7 bits
 * instead of 35, which keeps a code with an IPv4 and an IPv6 host within QR version 6.
 */

const DIRECTION_BITS = 2;
/** A payload type as its offset from the first dynamic one. */
const PAYLOAD_TYPE_BITS = 5;
const EXTENSION_ID_BITS = 4;
const PROFILE_BITS = 2;

type Numbers = Omit<MediaSection, 'direction'>;
const numbers = (payloadType: number, mid: number, transportCc: number, audioLevel = 0): Numbers => ({
	payloadType,
	extensions: { mid, transportCc, audioLevel }
});
/**
 * What Chromium 156 and Firefox 153 offer for an audio and a video transceiver added before the first offer
 * (tests/fixtures/sdp/*-av-datachannel-offer.sdp); an answer carries its offerer's. Another browser's numbers
 * go in full. Profiles 2–3 are left for newer apps.
 */
const PROFILES: readonly Record<MediaKind, Numbers>[] = [
	{ audio: numbers(111, 4, 3, 1), video: numbers(96, 4, 3) },
	{ audio: numbers(109, 3, 7, 1), video: numbers(120, 3, 7) }
];

const sameNumbers = (a: Numbers, b: Numbers) =>
	a.payloadType === b.payloadType &&
	a.extensions.mid === b.extensions.mid &&
	a.extensions.transportCc === b.extensions.transportCc &&
	a.extensions.audioLevel === b.extensions.audioLevel;

export function writeMediaProfile(writer: BitWriter, profile: MediaProfile): void {
	const known = PROFILES.findIndex((p) => MEDIA_KINDS.every((kind) => sameNumbers(p[kind], profile[kind])));
	writer.write(known >= 0 ? 1 : 0, 1);
	if (known >= 0) writer.write(known, PROFILE_BITS);
	for (const kind of MEDIA_KINDS) {
		const section = profile[kind];
		writer.write(DIRECTIONS.indexOf(section.direction), DIRECTION_BITS);
		if (known >= 0) continue;
		writer.write(section.payloadType - MIN_PAYLOAD_TYPE, PAYLOAD_TYPE_BITS);
		for (const name of EXTENSIONS[kind]) writer.write(section.extensions[name], EXTENSION_ID_BITS);
	}
}

export function readMediaProfile(reader: BitReader): MediaProfile {
	const known = reader.read(1) === 1 ? reader.read(PROFILE_BITS) : null;
	const profile = known === null ? null : PROFILES[known];
	if (known !== null && !profile) throw new SignalError('ERR_NEWER_VERSION');
	const read = (kind: MediaKind): MediaSection => {
		const direction = DIRECTIONS[reader.read(DIRECTION_BITS)] ?? 'inactive';
		const known = profile?.[kind];
		if (!known) return { direction, ...readNumbers(reader, kind) };
		return { direction, payloadType: known.payloadType, extensions: { ...known.extensions } };
	};
	return { audio: read('audio'), video: read('video') };
}

function readNumbers(reader: BitReader, kind: MediaKind): Numbers {
	const payloadType = MIN_PAYLOAD_TYPE + reader.read(PAYLOAD_TYPE_BITS);
	const extensions = { mid: 0, transportCc: 0, audioLevel: 0 };
	for (const name of EXTENSIONS[kind]) {
		const id = reader.read(EXTENSION_ID_BITS);
		if (id > MAX_EXTENSION_ID) throw new SignalError('ERR_CORRUPT');
		extensions[name] = id;
	}
	if (extensions.mid === 0) throw new SignalError('ERR_CORRUPT');
	return { payloadType, extensions };
}
