import type { MediaDescription, SessionDescription } from 'sdp-transform';
import type { Direction, MediaKind, MediaProfile, MediaSection, Role } from './model';

/**
 * Audio and video in the code itself (docs/signal-format.md §3.2, the media record; §4): beside the data
 * channel, an opus section and a VP8 section, each carried as its direction, the sender's payload type and the
 * ids of the few header extensions media needs from its first packet — `mid` (which m-section an RTP stream
 * belongs to: the rebuilt description has no SSRCs), transport-wide congestion control, the audio level. With
 * these the other side rebuilds sections its browser accepts, and media flows as soon as DTLS is up, without a
 * second offer/answer over the channel. Anything else (other codecs, RTX, SSRCs) comes with the first full
 * description over the channel, if the call ever renegotiates.
 */

const RTP_PROTOCOL = 'UDP/TLS/RTP/SAVPF';
export const MEDIA_KINDS: readonly MediaKind[] = ['audio', 'video'];
/**
 * The m-sections' mids with audio and video: theirs first, then the data channel's, the order in which
 * Chromium and Firefox offer transceivers added before the first offer and a data channel.
 */
export const MEDIA_MIDS = { audio: '0', video: '1', data: '2' } as const;
const CODECS = {
	audio: { name: 'opus', rtpmap: 'opus/48000/2', rate: 48_000, channels: 2 },
	video: { name: 'VP8', rtpmap: 'VP8/90000', rate: 90_000, channels: undefined }
} as const;
export const EXTENSION_URIS = {
	mid: 'urn:ietf:params:rtp-hdrext:sdes:mid',
	transportCc: 'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
	audioLevel: 'urn:ietf:params:rtp-hdrext:ssrc-audio-level'
} as const;
type ExtensionName = keyof typeof EXTENSION_URIS;
/** The extensions each kind carries, in the order they are written. */
export const EXTENSIONS: Record<MediaKind, readonly ExtensionName[]> = {
	audio: ['mid', 'transportCc', 'audioLevel'],
	video: ['mid', 'transportCc']
};
export const DIRECTIONS: readonly Direction[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive'];
/** One-byte header extension ids (RFC 8285): 1–14; 0 here means "not negotiated". */
export const MAX_EXTENSION_ID = 14;
/** Dynamic payload types (RFC 3551): the only ones opus and VP8 use. */
export const MIN_PAYLOAD_TYPE = 96;
const MAX_PAYLOAD_TYPE = 127;
const RTCP_FEEDBACK = {
	audio: ['transport-cc'],
	video: ['goog-remb', 'transport-cc', 'ccm fir', 'nack', 'nack pli']
} as const;
const OPUS_FMTP = 'minptime=10;useinbandfec=1';

/**
 * The media record of an SDP whose sections before the data channel are exactly audio (mid 0) and video
 * (mid 1), all bundled; null when there are none; undefined when they cannot be rebuilt faithfully (the lz form then
 * carries the whole description). An answer's sections must hold only what the rebuilt ones would (one codec,
 * the carried extensions): the other side applies the rebuilt answer as this side's real one.
 */
export function toMediaProfile(
	role: Role,
	session: SessionDescription,
	sections: MediaDescription[]
): MediaProfile | null | undefined {
	if (sections.length === 0) return null;
	const [audio, video, ...more] = sections;
	if (!audio || !video || more.length > 0) return undefined;
	const bundle = session.groups?.find((group) => group.type === 'BUNDLE')?.mids.split(' ');
	if (bundle?.join(' ') !== [MEDIA_MIDS.audio, MEDIA_MIDS.video, MEDIA_MIDS.data].join(' ')) return undefined;
	const profile = { audio: toSection(role, 'audio', audio), video: toSection(role, 'video', video) };
	return profile.audio && profile.video ? { audio: profile.audio, video: profile.video } : undefined;
}

function toSection(role: Role, kind: MediaKind, media: MediaDescription): MediaSection | undefined {
	const codec = CODECS[kind];
	const rtp = media.rtp.find(
		(entry) =>
			entry.codec.toLowerCase() === codec.name.toLowerCase() &&
			entry.rate === codec.rate &&
			(codec.channels === undefined || Number(entry.encoding) === codec.channels)
	);
	const direction = DIRECTIONS.find((value) => value === media.direction);
	const payloads = String(media.payloads ?? '').split(' ');
	if (
		media.type !== kind ||
		String(media.mid) !== MEDIA_MIDS[kind] ||
		// Port 0 rejects a section, unless the offer bundles it (`a=bundle-only`).
		(media.port === 0 && !media.bundleOnly) ||
		media.protocol !== RTP_PROTOCOL ||
		media.rtcpMux === undefined ||
		!rtp ||
		rtp.payload < MIN_PAYLOAD_TYPE ||
		rtp.payload > MAX_PAYLOAD_TYPE ||
		!direction ||
		(role === 'answer' && payloads.length !== 1)
	) {
		return undefined;
	}
	const extensions = { mid: 0, transportCc: 0, audioLevel: 0 };
	for (const ext of media.ext ?? []) {
		const name = EXTENSIONS[kind].find((n) => EXTENSION_URIS[n] === ext.uri);
		const usable = name && ext.value >= 1 && ext.value <= MAX_EXTENSION_ID && !ext.direction;
		if (usable) extensions[name] = ext.value;
		// An answer's extension the rebuilt one lacks would be used by one side only.
		else if (role === 'answer') return undefined;
	}
	// Without the mid extension the receiver cannot tell which section an unsignaled stream belongs to.
	if (extensions.mid === 0) return undefined;
	return { direction, payloadType: rtp.payload, extensions };
}

/**
 * The audio and video sections of the rebuilt SDP (docs §4), before the data channel's: the first (audio)
 * holds the bundle's `candidates` (with its c= line); `transport` are the lines every bundled section repeats
 * (credentials, fingerprint, setup).
 */
export function mediaLines(profile: MediaProfile, candidates: string[], transport: string[]): string[] {
	return MEDIA_KINDS.flatMap((kind) => {
		const { direction, payloadType: pt, extensions } = profile[kind];
		const codec = CODECS[kind];
		return [
			`m=${kind} 9 ${RTP_PROTOCOL} ${pt}`,
			...(kind === 'audio' ? candidates : ['c=IN IP4 0.0.0.0']),
			'a=rtcp:9 IN IP4 0.0.0.0',
			...transport,
			`a=mid:${MEDIA_MIDS[kind]}`,
			...EXTENSIONS[kind]
				.filter((name) => extensions[name] > 0)
				.map((name) => `a=extmap:${extensions[name]} ${EXTENSION_URIS[name]}`),
			`a=${direction}`,
			'a=rtcp-mux',
			...(kind === 'video' ? ['a=rtcp-rsize'] : []),
			`a=rtpmap:${pt} ${codec.rtpmap}`,
			...RTCP_FEEDBACK[kind].map((feedback) => `a=rtcp-fb:${pt} ${feedback}`),
			...(kind === 'audio' ? [`a=fmtp:${pt} ${OPUS_FMTP}`] : [])
		];
	});
}
