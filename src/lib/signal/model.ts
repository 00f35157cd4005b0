/** What the compact form carries: everything a browser needs to open the data channel, and audio/video's bare minimum. */

export type Role = 'offer' | 'answer';
export type Setup = 'actpass' | 'active' | 'passive';
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export const SETUPS: readonly Setup[] = ['actpass', 'active', 'passive'];
export const CANDIDATE_TYPES: readonly CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];
export const FINGERPRINT_BYTES = 32;
/** What the rebuilt SDP declares as `a=max-message-size` unless the code carries a smaller value. */
export const MAX_MESSAGE_SIZE_DEFAULT = 262_144;

export interface Candidate {
	address: string;
	port: number;
	type: CandidateType;
}

export type MediaKind = 'audio' | 'video';
export type Direction = 'sendrecv' | 'sendonly' | 'recvonly' | 'inactive';

/** One media section of the code (./media): what the other side needs to rebuild it. */
export interface MediaSection {
	direction: Direction;
	/** opus (audio) or VP8 (video), as the sender numbers it. */
	payloadType: number;
	/** Header extension ids; 0: not negotiated (`audioLevel` is audio's only). */
	extensions: { mid: number; transportCc: number; audioLevel: number };
}

export interface MediaProfile {
	audio: MediaSection;
	video: MediaSection;
}

export interface Bootstrap {
	role: Role;
	setup: Setup;
	ufrag: string;
	pwd: string;
	/** The DTLS certificate's SHA-256 fingerprint. */
	fingerprint: Uint8Array;
	candidates: Candidate[];
	/** `a=ice-lite` (a lite ICE agent such as a server-side stack). */
	iceLite: boolean;
	/** `a=max-message-size` when it is below the rebuilt default (null: the default is safe). */
	maxMessageSize: number | null;
	/** Audio and video set up in the code itself (null: the data channel only). */
	media: MediaProfile | null;
}
