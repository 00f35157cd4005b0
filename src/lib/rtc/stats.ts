// Connection details from getStats(), as plain data for the details panel: the selected candidate pair, RTT,
// bitrates (from the byte counters of two consecutive reports), loss, video size and rate, codecs, DTLS and
// SRTP. Pure (no DOM): fields a browser does not report stay null.

export interface CandidateInfo {
	/** host | srflx | prflx | relay */
	type: string;
	address: string;
	port: number | null;
	protocol: string;
}

export interface VideoInfo {
	width: number | null;
	height: number | null;
	fps: number | null;
}

export interface ConnectionDetails {
	/** Report time (ms, the stats clock); with the byte counters it gives the next report's bitrates. */
	timestamp: number;
	bytesSent: number;
	bytesReceived: number;
	local: CandidateInfo | null;
	remote: CandidateInfo | null;
	rttMs: number | null;
	bitrateOut: number | null;
	bitrateIn: number | null;
	/** Inbound RTP packets lost, in percent of those expected. */
	lossPercent: number | null;
	videoIn: VideoInfo | null;
	videoOut: VideoInfo | null;
	codecs: string[];
	dtlsVersion: string | null;
	dtlsCipher: string | null;
	srtpCipher: string | null;
}

type Stat = Record<string, unknown> & { type: string; id: string };

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** Chrome reports the DTLS version as the two wire bytes in hex. */
const dtlsVersions: Record<string, string> = { FEFF: 'DTLS 1.0', FEFD: 'DTLS 1.2', FEFC: 'DTLS 1.3' };

function candidate(stat: Stat | undefined): CandidateInfo | null {
	if (!stat) return null;
	const relay = str(stat.relayProtocol);
	return {
		type: str(stat.candidateType) ?? '?',
		address: str(stat.address) ?? str(stat.ip) ?? '?',
		port: num(stat.port),
		protocol: (str(stat.protocol) ?? '?') + (relay ? ` (relay over ${relay})` : '')
	};
}

function video(stat: Stat | undefined): VideoInfo | null {
	if (!stat) return null;
	return { width: num(stat.frameWidth), height: num(stat.frameHeight), fps: num(stat.framesPerSecond) };
}

export function summarizeStats(
	report: RTCStatsReport,
	previous?: ConnectionDetails | null
): ConnectionDetails {
	const all = [...(report as Map<string, Stat>).values()];
	const byId = (id: unknown) => (typeof id === 'string' ? (report.get(id) as Stat | undefined) : undefined);
	const transport = all.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
	// Firefox has no transport stats: it flags the selected pair itself.
	const pair =
		byId(transport?.selectedCandidatePairId) ??
		all.find(
			(s) => s.type === 'candidate-pair' && (s.selected === true || (s.nominated && s.state === 'succeeded'))
		);

	const inbound = all.filter((s) => s.type === 'inbound-rtp');
	const outbound = all.filter((s) => s.type === 'outbound-rtp');
	let lost = 0;
	let received = 0;
	for (const s of inbound) {
		lost += Math.max(0, num(s.packetsLost) ?? 0);
		received += num(s.packetsReceived) ?? 0;
	}
	const codecs = new Set<string>();
	for (const s of [...inbound, ...outbound]) {
		const codec = byId(s.codecId);
		const mime = str(codec?.mimeType);
		if (mime) codecs.add(`${mime}${s.type === 'inbound-rtp' ? ' ↓' : ' ↑'}`);
	}

	const timestamp = num(pair?.timestamp) ?? Date.now();
	const bytesSent = num(pair?.bytesSent) ?? 0;
	const bytesReceived = num(pair?.bytesReceived) ?? 0;
	const dt = previous ? (timestamp - previous.timestamp) / 1000 : 0;
	const rate = (now: number, before: number) => (dt > 0 ? Math.max(0, ((now - before) * 8) / dt) : null);
	const rtt = num(pair?.currentRoundTripTime);
	const version = str(transport?.tlsVersion);

	return {
		timestamp,
		bytesSent,
		bytesReceived,
		local: candidate(byId(pair?.localCandidateId)),
		remote: candidate(byId(pair?.remoteCandidateId)),
		rttMs: rtt === null ? null : rtt * 1000,
		bitrateOut: previous ? rate(bytesSent, previous.bytesSent) : null,
		bitrateIn: previous ? rate(bytesReceived, previous.bytesReceived) : null,
		lossPercent: lost + received > 0 ? (lost / (lost + received)) * 100 : null,
		videoIn: video(inbound.find((s) => s.kind === 'video' && num(s.frameWidth))),
		videoOut: video(outbound.find((s) => s.kind === 'video' && num(s.frameWidth))),
		codecs: [...codecs].sort(),
		dtlsVersion: version ? (dtlsVersions[version.toUpperCase()] ?? version) : null,
		dtlsCipher: str(transport?.dtlsCipher),
		srtpCipher: str(transport?.srtpCipher)
	};
}
