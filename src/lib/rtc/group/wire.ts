// The group messages of the control channel (docs/peer-protocol.md, Groups): hello, roster, relay, full, premade.
// Parsed strictly: anything malformed is null and ignored, like every other unknown message.
import { browserNames, type BrowserName } from '../outlasted';
import type { RosterEntry } from './roster';

/**
 * The version of the peer protocol this build speaks, sent in `hello`. 1: groups. 2: reads control messages
 * sent as deflated binary frames (../channel). 3: says its browser in `hello` (../outlasted). 4: a joiner
 * offers audio/video first (../early-offer, earlyOfferFromVersion). 5: applies and answers relayed ICE restarts
 * (./restarts). 6: says its version in its roster entry and answers a relayed join that carries audio/video
 * (./introductions; docs/peer-protocol.md, Versions). 7: trickles the candidates of a relayed join behind its
 * description (`relay` with `candidate`) and sends that description at its first candidate. 8: makes its offer
 * to a newcomer while the newcomer's code is still on screen (`premade`, ./premade).
 */
export const peerProtocolVersion = 8;
/** From this version on, a peer's `hello` says it reads deflated frames (../channel sends them only then). */
export const deflatedFramesFromVersion = 2;
/** From this version on, a member acts on `relay { kind: 'restart' }` (earlier ones ignore it). */
export const relayedRestartsFromVersion = 5;
/** From this version on, a relayed join offer may carry audio/video: one negotiation instead of two. */
export const mediaJoinsFromVersion = 6;
/**
 * From this version on, a relayed join's description goes at its first candidate and the others follow as
 * `relay { candidate }`; earlier members drop such a message (it has no description), so neither end nor a
 * member carrying it may be older.
 */
export const trickledJoinsFromVersion = 7;
/**
 * From this version on, a member makes its join offer ahead when asked (`premade`), and a newcomer answers
 * such an offer whoever's id is lower: only asked of, and handed to, members of this version.
 */
export const premadeOffersFromVersion = 8;
/** A candidate line is ~60–200 characters; anything longer is not one. */
export const maxCandidateLength = 512;
/** The longest `a=mid` kept: browsers make them 1–2 characters here (a token of the offerer's choosing). */
export const maxMidLength = 32;
/** Longest display name kept: a tile shows ~20 characters, and gossip must stay small. */
export const maxNameLength = 40;

export type RelayKind = 'join' | 'restart';
/** A trickled candidate of a relayed join; `candidate: ''` is its end-of-candidates. */
export type RelayedCandidate = { candidate: string; sdpMid: string | null; sdpMLineIndex: number | null };
type RelayHeader = { t: 'relay'; id: string; from: string; to: string };
/** A relayed join description; `premade` (version 8): the invitation an offer made ahead belongs to. */
export type RelayedJoin = { type: 'offer' | 'answer'; sdp: string };
/**
 * Offers made ahead (version 8, ./premade): the introducer asks (`id` only), a member sends its offer
 * (`description`), the introducer says whom it went to (`to`, null: nobody; drop it).
 */
export type PremadeMessage =
	| { t: 'premade'; id: string }
	| { t: 'premade'; id: string; description: { type: 'offer'; sdp: string } }
	| { t: 'premade'; id: string; to: string | null };

export type GroupMessage =
	| { t: 'hello'; v: number; id: string; name: string; browser?: BrowserName }
	| { t: 'roster'; members: RosterEntry[] }
	| (RelayHeader & { kind: RelayKind; description: RelayedJoin; premade?: string })
	| (RelayHeader & { kind: 'join'; candidate: RelayedCandidate })
	| { t: 'full'; max: number }
	| PremadeMessage;

const groupTypes = new Set(['hello', 'roster', 'relay', 'full', 'premade']);
/** A parsed peer message that is the group's (./parseGroupMessage made it), not chat or media state. */
export const isGroupMessage = (message: { t: string }): message is GroupMessage => groupTypes.has(message.t);

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null;
const isId = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{16}$/.test(value);
const cleanName = (value: unknown) => (typeof value === 'string' ? value.trim().slice(0, maxNameLength) : '');

/** A hello's `browser` (version 3 on), when it names one this build knows; an unknown one counts as none. */
const helloBrowser = (value: Record<string, unknown>): { browser?: BrowserName } =>
	browserNames.some((name) => name === value.browser) ? { browser: value.browser as BrowserName } : {};

function parseEntry(value: unknown): RosterEntry | null {
	if (!isRecord(value) || !isId(value.id) || typeof value.v !== 'number' || !Number.isSafeInteger(value.v))
		return null;
	return {
		id: value.id,
		name: cleanName(value.name),
		mic: value.mic === true,
		camera: value.camera === true,
		v: value.v,
		left: value.left === true,
		...(typeof value.protocol === 'number' && Number.isSafeInteger(value.protocol) && value.protocol > 0
			? { protocol: value.protocol }
			: {})
	};
}

/** A relayed join's trickled candidate (version 7), within bounds; null when it is none. */
export function parseCandidate(value: unknown): RelayedCandidate | null {
	if (!isRecord(value) || typeof value.candidate !== 'string') return null;
	if (value.candidate.length > maxCandidateLength) return null;
	const mid = value.sdpMid ?? null;
	const index = value.sdpMLineIndex ?? null;
	const midOk = typeof mid === 'string' && mid.length <= maxMidLength;
	const indexOk = typeof index === 'number' && Number.isSafeInteger(index) && index >= 0 && index < 64;
	if ((mid !== null && !midOk) || (index !== null && !indexOk)) return null;
	// addIceCandidate needs one of the two to say which m-line the candidate is for.
	if (!midOk && !indexOk) return null;
	return { candidate: value.candidate, sdpMid: midOk ? mid : null, sdpMLineIndex: indexOk ? index : null };
}

function parseRelay(value: Record<string, unknown>): GroupMessage | null {
	const d = value.description;
	if (typeof value.id !== 'string' || !isId(value.from) || !isId(value.to)) return null;
	if (value.kind !== 'join' && value.kind !== 'restart') return null;
	const header = { t: 'relay', id: value.id.slice(0, 64), from: value.from, to: value.to } as const;
	if (value.kind === 'join' && d === undefined) {
		const candidate = parseCandidate(value.candidate);
		return candidate && { ...header, kind: 'join', candidate };
	}
	if (!isRecord(d) || (d.type !== 'offer' && d.type !== 'answer') || typeof d.sdp !== 'string') return null;
	const premade = value.kind === 'join' && isId(value.premade) ? { premade: value.premade } : {};
	return { ...header, kind: value.kind, description: { type: d.type, sdp: d.sdp }, ...premade };
}

function parsePremade(value: Record<string, unknown>): PremadeMessage | null {
	if (!isId(value.id)) return null;
	const d = value.description;
	if (d !== undefined) {
		if (!isRecord(d) || d.type !== 'offer' || typeof d.sdp !== 'string') return null;
		return { t: 'premade', id: value.id, description: { type: 'offer', sdp: d.sdp } };
	}
	if (value.to === undefined) return { t: 'premade', id: value.id };
	return value.to === null || isId(value.to) ? { t: 'premade', id: value.id, to: value.to } : null;
}

/** One group message from an already JSON-parsed object; null when it is none or is malformed. */
export function parseGroupMessage(value: Record<string, unknown>): GroupMessage | null {
	switch (value.t) {
		case 'hello':
			if (typeof value.v !== 'number' || !isId(value.id)) return null;
			return { t: 'hello', v: value.v, id: value.id, name: cleanName(value.name), ...helloBrowser(value) };
		case 'roster': {
			if (!Array.isArray(value.members)) return null;
			const members = value.members.map(parseEntry);
			return members.every((m) => m !== null) ? { t: 'roster', members } : null;
		}
		case 'relay':
			return parseRelay(value);
		case 'full':
			return typeof value.max === 'number' ? { t: 'full', max: value.max } : null;
		case 'premade':
			return parsePremade(value);
		default:
			return null;
	}
}
