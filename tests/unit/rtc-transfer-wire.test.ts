import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { chunkSizeFor, parseWire, partMessage, partSha256, partsOf } from '../../src/lib/rtc/transfer/wire';

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
	it('reads a version-3 header, bounding the name and type', () => {
		expect(
			parseWire(JSON.stringify({ t: 'header', v: 3, name: 'a.txt', size: 3, type: 'text/plain' }))
		).toEqual({
			t: 'header',
			name: 'a.txt',
			size: 3,
			type: 'text/plain'
		});
		const long = parseWire(JSON.stringify({ t: 'header', v: 3, name: 'x'.repeat(999), size: 0, type: '' }));
		expect(long?.t === 'header' && long.name.length).toBe(255);
		expect(parseWire(JSON.stringify({ t: 'header', v: 3, name: 'a', size: -1, type: '' }))).toBeNull();
	});

	it('tells an older or a newer header apart, so the receiver can say which side to update', () => {
		const v1 = { t: 'header', name: 'a', size: 3, type: '', segment: 1 << 20 };
		const v2 = { t: 'header', v: 2, name: 'a', size: 3, type: '' };
		const v4 = { t: 'header', v: 4, name: 'a', size: 3, type: '' };
		expect(parseWire(JSON.stringify(v1))).toEqual({ t: 'other-header', newer: false });
		expect(parseWire(JSON.stringify(v2))).toEqual({ t: 'other-header', newer: false });
		expect(parseWire(JSON.stringify(v4))).toEqual({ t: 'other-header', newer: true });
		expect(parseWire(JSON.stringify({ ...v4, v: '4' }))).toEqual({ t: 'other-header', newer: false });
	});

	it('takes a part only with a 64-digit lowercase SHA-256, and a cancel with a known reason', () => {
		const sha256 = 'ab'.repeat(32);
		expect(parseWire(JSON.stringify({ t: 'part', sha256 }))).toEqual({ t: 'part', sha256 });
		expect(parseWire(JSON.stringify({ t: 'part', sha256: sha256.toUpperCase() }))).toBeNull();
		expect(parseWire(JSON.stringify({ t: 'part', sha256: sha256.slice(2) }))).toBeNull();
		expect(parseWire(JSON.stringify({ t: 'part', hash: sha256 }))).toBeNull();
		expect(parseWire(JSON.stringify({ t: 'end' }))).toEqual({ t: 'end' });
		expect(parseWire(JSON.stringify({ t: 'cancel', reason: 'space' }))).toEqual({
			t: 'cancel',
			reason: 'space'
		});
		expect(parseWire(JSON.stringify({ t: 'cancel', reason: 'nonsense' }))).toEqual({ t: 'cancel' });
		expect(parseWire('not json')).toBeNull();
	});

	it('cuts a file in parts of 1 MiB, the last one shorter, and none for an empty file', () => {
		expect(partsOf(0)).toBe(0);
		expect(partsOf(1)).toBe(1);
		expect(partsOf(1_048_576)).toBe(1);
		expect(partsOf(1_048_577)).toBe(2);
		expect(partsOf(50 * 1_048_576)).toBe(50);
	});

	it('writes a part’s SHA-256 as sha256sum does (lowercase hex) from a WebCrypto digest', async () => {
		const bytes = new TextEncoder().encode('qrcall part');
		const expected = createHash('sha256').update(bytes).digest('hex');
		expect(await partSha256(bytes)).toBe(expected);
		expect(parseWire(partMessage(expected))).toEqual({ t: 'part', sha256: expected });
	});
});
