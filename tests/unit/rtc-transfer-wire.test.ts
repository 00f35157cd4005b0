import { describe, expect, it } from 'vitest';
import { chunkSizeFor, parseWire } from '../../src/lib/rtc/transfer/wire';

describe('file chunk size', () => {
	it('never exceeds the connection’s max-message-size, and uses it up to 64 KiB', () => {
		// node-datachannel peers declare 16384; Chromium 262144; Firefox 1073741823.
		expect(chunkSizeFor(16_384)).toBe(16_384);
		expect(chunkSizeFor(20_000.5)).toBe(20_000);
		expect(chunkSizeFor(65_536)).toBe(65_536);
		expect(chunkSizeFor(262_144)).toBe(65_536);
		expect(chunkSizeFor(1_073_741_823)).toBe(65_536);
		for (let m = 1; m < 600_000; m += 997) expect(chunkSizeFor(m)).toBeLessThanOrEqual(m);
	});

	it('falls back to 16 KiB, which every WebRTC stack accepts, when the limit is unknown', () => {
		for (const unknown of [0, null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -5])
			expect(chunkSizeFor(unknown)).toBe(16_384);
	});
});

describe('file wire messages', () => {
	it('reads a version-2 header, bounding the name and type', () => {
		expect(
			parseWire(JSON.stringify({ t: 'header', v: 2, name: 'a.txt', size: 3, type: 'text/plain' }))
		).toEqual({
			t: 'header',
			name: 'a.txt',
			size: 3,
			type: 'text/plain'
		});
		const long = parseWire(JSON.stringify({ t: 'header', v: 2, name: 'x'.repeat(999), size: 0, type: '' }));
		expect(long?.t === 'header' && long.name.length).toBe(255);
		expect(parseWire(JSON.stringify({ t: 'header', v: 2, name: 'a', size: -1, type: '' }))).toBeNull();
	});

	it('tells a version-1 header (hash of segment hashes) apart, so the receiver can say so', () => {
		const v1 = { t: 'header', name: 'a', size: 3, type: '', segment: 1 << 20 };
		expect(parseWire(JSON.stringify(v1))).toEqual({ t: 'old-header' });
	});

	it('takes an end only with a 64-digit lowercase SHA-256, and a cancel with a known reason', () => {
		const sha256 = 'ab'.repeat(32);
		expect(parseWire(JSON.stringify({ t: 'end', sha256 }))).toEqual({ t: 'end', sha256 });
		expect(parseWire(JSON.stringify({ t: 'end', sha256: sha256.toUpperCase() }))).toBeNull();
		expect(parseWire(JSON.stringify({ t: 'end', hash: sha256 }))).toBeNull();
		expect(parseWire(JSON.stringify({ t: 'cancel', reason: 'space' }))).toEqual({
			t: 'cancel',
			reason: 'space'
		});
		expect(parseWire(JSON.stringify({ t: 'cancel', reason: 'nonsense' }))).toEqual({ t: 'cancel' });
		expect(parseWire('not json')).toBeNull();
	});
});
