/** What the compact form carries: everything a browser needs to open the data channel, nothing else. */

export type Role = 'offer' | 'answer';
export type Setup = 'actpass' | 'active' | 'passive';
export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

export const SETUPS: readonly Setup[] = ['actpass', 'active', 'passive'];
export const CANDIDATE_TYPES: readonly CandidateType[] = ['host', 'srflx', 'prflx', 'relay'];
export const FINGERPRINT_BYTES = 32;

export interface Candidate {
	address: string;
	port: number;
	type: CandidateType;
}

export interface Bootstrap {
	role: Role;
	setup: Setup;
	ufrag: string;
	pwd: string;
	/** The DTLS certificate's SHA-256 fingerprint. */
	fingerprint: Uint8Array;
	candidates: Candidate[];
}
