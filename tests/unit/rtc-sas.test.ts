import { describe, expect, it } from 'vitest';
import {
	computeSas,
	fingerprintFromSdp,
	fingerprintsFromStats,
	normalizeFingerprint
} from '../../src/lib/rtc/sas';

const a = normalizeFingerprint('sha-256', 'AA:'.repeat(31) + 'AA');
const b = normalizeFingerprint('sha-256', 'BB:'.repeat(31) + 'BB');
const c = normalizeFingerprint('sha-256', 'CC:'.repeat(31) + 'CC');

describe('safety code', () => {
	it('is the same for both sides whichever fingerprint is local', async () => {
		expect(await computeSas({ local: a, remote: b })).toBe(await computeSas({ local: b, remote: a }));
	});

	it('is six digits in two groups', async () => {
		expect(await computeSas({ local: a, remote: b })).toMatch(/^\d{3} \d{3}$/);
	});

	it('differs when a relay swaps in its own certificate on one leg', async () => {
		expect(await computeSas({ local: a, remote: c })).not.toBe(await computeSas({ local: a, remote: b }));
	});

	it('ignores the case of the fingerprint hex and algorithm', () => {
		expect(normalizeFingerprint('SHA-256', 'ab:cd')).toBe(normalizeFingerprint('sha-256', 'AB:CD'));
	});

	it('reads the fingerprint of an SDP', () => {
		const sdp = 'v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\na=fingerprint:sha-256 aa:bb:CC\r\na=setup:actpass\r\n';
		expect(fingerprintFromSdp(sdp)).toBe('sha-256 AA:BB:CC');
		expect(fingerprintFromSdp('v=0\r\n')).toBeNull();
	});

	it('reads the certificates the DTLS transport used from getStats', () => {
		const report = new Map<string, object>([
			['T1', { type: 'transport', id: 'T1', localCertificateId: 'CL', remoteCertificateId: 'CR' }],
			['CL', { type: 'certificate', id: 'CL', fingerprint: 'AA:BB', fingerprintAlgorithm: 'sha-256' }],
			['CR', { type: 'certificate', id: 'CR', fingerprint: 'CC:DD', fingerprintAlgorithm: 'sha-256' }]
		]) as unknown as RTCStatsReport;
		expect(fingerprintsFromStats(report)).toEqual({ local: 'sha-256 AA:BB', remote: 'sha-256 CC:DD' });
		expect(fingerprintsFromStats(new Map() as unknown as RTCStatsReport)).toBeNull();
	});
});
