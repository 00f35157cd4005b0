import { parse, type MediaDescription, type SessionDescription } from 'sdp-transform';
import {
	CANDIDATE_TYPES,
	FINGERPRINT_BYTES,
	MAX_MESSAGE_SIZE_DEFAULT,
	SETUPS,
	type Bootstrap,
	type Candidate,
	type Role
} from './model';
import { MEDIA_MIDS, mediaLines, toMediaProfile } from './media';

/**
 * Between a browser's data-channel SDP and the Bootstrap the compact form carries. Only what a remote
 * description needs is kept; anything that could not be rebuilt faithfully makes `toBootstrap` return null, and
 * the caller then sends the whole SDP in the lz form instead.
 */

const DATA_PROTOCOL = 'UDP/DTLS/SCTP';
const DATA_FORMAT = 'webrtc-datachannel';
/** The rebuilt SDP hard-codes these; another value needs the lz form (with audio/video: ./media). */
const MID = '0';
const SCTP_PORT = 5000;
/** RFC 8841 §6: a description without `a=max-message-size` accepts 64 KiB; 0 means no limit. */
const MAX_MESSAGE_SIZE_ABSENT = 65_536;
const RTP_COMPONENT = 1;
const MAX_PORT = 65_535;
/** RFC 8445 §5.1.2.2 recommended type preferences. */
const TYPE_PREFERENCE = { host: 126, prflx: 110, srflx: 100, relay: 0 } as const;
const MAX_LOCAL_PREFERENCE = 65_535;
/** sess-id must fit a signed 64-bit integer; 62 bits of the fingerprint keep it positive and deterministic. */
const SESSION_ID_BYTES = 8;
const SESSION_ID_SHIFT = 2n;

export function toBootstrap(role: Role, sdp: string): Bootstrap | null {
	let session: SessionDescription;
	try {
		session = parse(sdp);
	} catch {
		return null;
	}
	// With audio/video their sections come first (browsers order transceivers' sections before the data
	// channel's), and the first section holds the bundle's transport: its candidates go into the code.
	const sections = session.media;
	const [first] = sections;
	const data = sections.at(-1);
	const mediaSections = sections.slice(0, -1);
	if (!first || !data || !isDataSection(data, mediaSections.length === 0 ? MID : MEDIA_MIDS.data))
		return null;
	const profile = toMediaProfile(role, session, mediaSections);
	if (profile === undefined) return null;
	const ufrag = text(first.iceUfrag ?? session.iceUfrag);
	const pwd = text(first.icePwd ?? session.icePwd);
	const fingerprint = parseFingerprint(first.fingerprint ?? session.fingerprint);
	const setup = SETUPS.find((value) => value === (first.setup ?? session.setup));
	if (ufrag === undefined || pwd === undefined || !fingerprint || !setup) return null;
	const transport = { ufrag, pwd, fingerprint, setup };
	if (!sections.every((section) => sameTransport(section, transport))) return null;
	// sdp-transform reads `a=ice-lite` in either place; libdatachannel writes it in the media section.
	const iceLite = Boolean(session.icelite ?? (first as { icelite?: string }).icelite);
	const candidates = udpCandidates(first);
	const maxMessageSize = messageSize(data);
	return { role, ...transport, candidates, iceLite, maxMessageSize, media: profile };
}

/** A bundled section repeats the first one's credentials, fingerprint and setup, or leaves them out. */
function sameTransport(
	media: MediaDescription,
	transport: Pick<Bootstrap, 'ufrag' | 'pwd' | 'fingerprint' | 'setup'>
): boolean {
	const same = <T>(value: T | undefined, expected: T) => value === undefined || value === expected;
	const theirs = media.fingerprint ? parseFingerprint(media.fingerprint) : transport.fingerprint;
	return (
		same(text(media.iceUfrag), transport.ufrag) &&
		same(text(media.icePwd), transport.pwd) &&
		same(media.setup, transport.setup) &&
		theirs !== null &&
		theirs.every((byte, i) => byte === transport.fingerprint[i])
	);
}

/** The declared limit when it is below the rebuilt default (null: the default is no larger than it). */
function messageSize(media: MediaDescription): number | null {
	const declared = media.maxMessageSize ?? MAX_MESSAGE_SIZE_ABSENT;
	return declared > 0 && declared < MAX_MESSAGE_SIZE_DEFAULT ? declared : null;
}

/**
 * sdp-transform turns values that look like numbers into numbers ("1234" → 1234), but only when String() gives
 * the original text back, so String() restores a ufrag like "1234" exactly.
 */
function text(value: string | number | undefined): string | undefined {
	return value === undefined ? undefined : String(value);
}

function isDataSection(media: MediaDescription, mid: string): boolean {
	return (
		media.type === 'application' &&
		media.protocol === DATA_PROTOCOL &&
		media.payloads === DATA_FORMAT &&
		text(media.mid) === mid &&
		(media.sctpPort === undefined || media.sctpPort === SCTP_PORT)
	);
}

function parseFingerprint(fingerprint: { type: string; hash: string } | undefined): Uint8Array | null {
	if (fingerprint?.type.toLowerCase() !== 'sha-256') return null;
	const parts = fingerprint.hash.split(':');
	if (parts.length !== FINGERPRINT_BYTES || !parts.every((part) => /^[0-9a-fA-F]{2}$/.test(part)))
		return null;
	return Uint8Array.from(parts.map((part) => parseInt(part, 16)));
}

/** UDP candidates of the RTP component, in the original order. TCP is dropped: it almost never wins. */
function udpCandidates(media: MediaDescription): Candidate[] {
	const candidates: Candidate[] = [];
	for (const candidate of media.candidates ?? []) {
		const type = CANDIDATE_TYPES.find((value) => value === candidate.type);
		const isUdp = candidate.transport.toLowerCase() === 'udp' && candidate.component === RTP_COMPONENT;
		const hasPort = Number.isInteger(candidate.port) && candidate.port >= 0 && candidate.port <= MAX_PORT;
		if (type && isUdp && hasPort)
			candidates.push({ address: String(candidate.ip), port: candidate.port, type });
	}
	return candidates;
}

/**
 * A standard data-channel description both Chromium and Firefox accept as remote description, with the audio
 * and video sections of the media record when the code has one (./media).
 */
export function toSdp(bootstrap: Bootstrap): string {
	const fingerprint = [...bootstrap.fingerprint].map((byte) =>
		byte.toString(16).padStart(2, '0').toUpperCase()
	);
	const transport = [
		`a=ice-ufrag:${bootstrap.ufrag}`,
		`a=ice-pwd:${bootstrap.pwd}`,
		'a=ice-options:trickle',
		`a=fingerprint:sha-256 ${fingerprint.join(':')}`,
		`a=setup:${bootstrap.setup}`
	];
	const media = bootstrap.media;
	// No a=end-of-candidates: the code may be made before gathering ends (gathering is time-boxed), and later
	// candidates can still be trickled over the data channel; the line would forbid that.
	const candidates = ['c=IN IP4 0.0.0.0', ...bootstrap.candidates.map(candidateLine)];
	const mids = media ? [MEDIA_MIDS.audio, MEDIA_MIDS.video, MEDIA_MIDS.data] : [MID];
	const lines = [
		'v=0',
		`o=- ${sessionId(bootstrap.fingerprint)} 2 IN IP4 127.0.0.1`,
		's=-',
		't=0 0',
		...(bootstrap.iceLite ? ['a=ice-lite'] : []),
		`a=group:BUNDLE ${mids.join(' ')}`,
		...(media ? ['a=extmap-allow-mixed'] : []),
		'a=msid-semantic: WMS',
		...(media ? mediaLines(media, candidates, transport) : []),
		`m=application 9 ${DATA_PROTOCOL} ${DATA_FORMAT}`,
		...(media ? ['c=IN IP4 0.0.0.0'] : candidates),
		...transport,
		`a=mid:${media ? MEDIA_MIDS.data : MID}`,
		`a=sctp-port:${SCTP_PORT}`,
		`a=max-message-size:${bootstrap.maxMessageSize ?? MAX_MESSAGE_SIZE_DEFAULT}`
	];
	return lines.join('\r\n') + '\r\n';
}

/**
 * Foundation = index (each candidate its own); priority per RFC 8445 §5.1.2.1 with a local preference that
 * falls with the index, so the remote agent tries them in the order the sender listed them.
 */
function candidateLine(candidate: Candidate, index: number): string {
	const priority =
		TYPE_PREFERENCE[candidate.type] * 2 ** 24 +
		(MAX_LOCAL_PREFERENCE - index) * 2 ** 8 +
		(256 - RTP_COMPONENT);
	const related = candidate.type === 'host' ? '' : ' raddr 0.0.0.0 rport 0';
	return `a=candidate:${index} ${RTP_COMPONENT} udp ${priority} ${candidate.address} ${candidate.port} typ ${candidate.type}${related}`;
}

function sessionId(fingerprint: Uint8Array): string {
	let id = 0n;
	for (const byte of fingerprint.subarray(0, SESSION_ID_BYTES)) id = (id << 8n) | BigInt(byte);
	return (id >> SESSION_ID_SHIFT).toString();
}
