// The safety check: a short authentication string (SAS) both people read aloud. It hashes the two DTLS
// certificate fingerprints the handshake actually used, so a relay in the middle — which must terminate DTLS
// on both legs with its own certificate — makes the two sides compute different strings. Sorting the two
// fingerprints makes it order-independent: caller and joiner hash the same input.

/** One certificate fingerprint, normalised: "sha-256 AB:CD:…". */
export type Fingerprint = string;

export interface FingerprintPair {
	local: Fingerprint;
	remote: Fingerprint;
}

/** Domain separation: a future v2 (e.g. emoji) must never collide with these digits. */
const sasContext = 'qrcall-sas-v1';
export const sasDigits = 6;

export function normalizeFingerprint(algorithm: string, hex: string): Fingerprint {
	return `${algorithm.trim().toLowerCase()} ${hex.trim().toUpperCase()}`;
}

/** Six digits as "123 456": short enough to read aloud, 1 in a million for a relay to match by luck. */
export async function computeSas(pair: FingerprintPair): Promise<string> {
	const [a, b] = [pair.local, pair.remote].sort();
	const input = new TextEncoder().encode(`${sasContext}\n${a}\n${b}`);
	const hash = new DataView(await crypto.subtle.digest('SHA-256', input));
	// 32 bits mod 10^6: the bias (2^32 is not a multiple of 10^6) is below 0.03 %, irrelevant here.
	const n = hash.getUint32(0) % 10 ** sasDigits;
	const digits = String(n).padStart(sasDigits, '0');
	return `${digits.slice(0, 3)} ${digits.slice(3)}`;
}

interface TransportLike {
	type: string;
	localCertificateId?: string;
	remoteCertificateId?: string;
	selectedCandidatePairId?: string;
}
interface CertificateLike {
	type: string;
	fingerprint?: string;
	fingerprintAlgorithm?: string;
}

/** The fingerprints the DTLS handshake used, from getStats (transport → certificate stats); null if absent. */
export function fingerprintsFromStats(report: RTCStatsReport): FingerprintPair | null {
	const stats = [...(report as Map<string, { type: string }>).values()];
	const transport = stats.find(
		(s): s is TransportLike =>
			s.type === 'transport' &&
			!!(s as TransportLike).localCertificateId &&
			!!(s as TransportLike).remoteCertificateId
	);
	if (!transport?.localCertificateId || !transport.remoteCertificateId) return null;
	const cert = (id: string): Fingerprint | null => {
		const c = report.get(id) as CertificateLike | undefined;
		return c?.fingerprint && c.fingerprintAlgorithm
			? normalizeFingerprint(c.fingerprintAlgorithm, c.fingerprint)
			: null;
	};
	const local = cert(transport.localCertificateId);
	const remote = cert(transport.remoteCertificateId);
	return local && remote ? { local, remote } : null;
}

/** The first a=fingerprint line of an SDP (session or media level; max-bundle means one transport). */
export function fingerprintFromSdp(sdp: string): Fingerprint | null {
	const match = /^a=fingerprint:(\S+) ([0-9A-Fa-f:]+)\s*$/m.exec(sdp);
	return match?.[1] && match[2] ? normalizeFingerprint(match[1], match[2]) : null;
}
