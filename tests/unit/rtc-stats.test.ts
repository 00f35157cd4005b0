import { describe, expect, it } from 'vitest';
import { formatBitrate } from '../../src/lib/i18n/format';
import { summarizeStats } from '../../src/lib/rtc/stats';

type Entry = { id: string } & Record<string, unknown>;
function report(entries: Entry[]): RTCStatsReport {
	return new Map(entries.map((e) => [e.id, e])) as unknown as RTCStatsReport;
}

const base = (t: number, sent: number, received: number): Entry[] => [
	{
		id: 'T',
		type: 'transport',
		selectedCandidatePairId: 'P',
		tlsVersion: 'FEFD',
		srtpCipher: 'AES_CM_128',
		dtlsCipher: 'X'
	},
	{
		id: 'P',
		type: 'candidate-pair',
		timestamp: t,
		localCandidateId: 'L',
		remoteCandidateId: 'R',
		currentRoundTripTime: 0.012,
		bytesSent: sent,
		bytesReceived: received
	},
	{
		id: 'L',
		type: 'local-candidate',
		candidateType: 'host',
		address: '192.168.1.2',
		port: 5000,
		protocol: 'udp'
	},
	{
		id: 'R',
		type: 'remote-candidate',
		candidateType: 'relay',
		address: '203.0.113.9',
		port: 3478,
		protocol: 'udp',
		relayProtocol: 'tcp'
	},
	{
		id: 'I',
		type: 'inbound-rtp',
		kind: 'video',
		codecId: 'C',
		packetsReceived: 90,
		packetsLost: 10,
		frameWidth: 640,
		frameHeight: 480,
		framesPerSecond: 29.7
	},
	{ id: 'C', type: 'codec', mimeType: 'video/VP8' }
];

describe('connection details', () => {
	it('reads the selected pair, RTT, loss, video size, codecs, DTLS and SRTP', () => {
		const d = summarizeStats(report(base(1000, 0, 0)));
		expect(d.local).toEqual({ type: 'host', address: '192.168.1.2', port: 5000, protocol: 'udp' });
		expect(d.remote?.type).toBe('relay');
		expect(d.remote?.protocol).toContain('tcp');
		expect(d.rttMs).toBe(12);
		expect(d.lossPercent).toBe(10);
		expect(d.videoIn).toEqual({ width: 640, height: 480, fps: 29.7 });
		expect(d.codecs).toEqual(['video/VP8 ↓']);
		expect(d.dtlsVersion).toBe('DTLS 1.2');
		expect(d.srtpCipher).toBe('AES_CM_128');
		expect(d.bitrateIn).toBeNull();
	});

	it('computes bitrates from the byte counters of the previous report', () => {
		const first = summarizeStats(report(base(1000, 0, 0)));
		const second = summarizeStats(report(base(2000, 125_000, 250_000)), first);
		expect(second.bitrateOut).toBe(1_000_000);
		expect(second.bitrateIn).toBe(2_000_000);
		expect(formatBitrate(second.bitrateIn)).toBe('2 Mb/s');
		expect(formatBitrate(850_000)).toBe('850 kb/s');
	});

	it('finds the selected pair without transport stats (Firefox)', () => {
		const entries = base(1000, 0, 0).filter((e) => e.type !== 'transport');
		entries[0]!.selected = true;
		expect(summarizeStats(report(entries)).local?.type).toBe('host');
	});
});
