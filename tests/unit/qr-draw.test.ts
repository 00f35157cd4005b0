import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import { afterAll, describe, expect, it } from 'vitest';
import { qrMatrix, qrSvgPath, qrSvgSize } from '../../src/lib/qr/draw';
import { drawQr, rasterise, toRgba } from './qr-render';

// Links as the app draws them: upper case, QR alphanumeric set, one '#'.
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:'.replace(' ', '');
const PREFIX = 'HTTPS://QRCALL.APP/#';

function link(length: number, seed = 7): string {
	let state = seed;
	let out = PREFIX;
	while (out.length < length) {
		state = (state * 1103515245 + 12345) % 2147483648;
		out += ALPHANUMERIC[state % ALPHANUMERIC.length];
	}
	return out;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
	let c = 0xffffffff;
	for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const out = Buffer.alloc(body.length + 8);
	out.writeUInt32BE(data.length, 0);
	body.copy(out, 4);
	out.writeUInt32BE(crc32(body), body.length + 4);
	return out;
}

/** A minimal 8-bit greyscale PNG. */
function greyPng(width: number, pixels: Uint8Array): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(width, 4);
	header.set([8, 0, 0, 0, 0], 8); // bit depth 8, colour type 0 (grey), deflate, no filter, no interlace
	const raw = Buffer.alloc(width * (width + 1));
	for (let y = 0; y < width; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(raw)),
		chunk('IEND', new Uint8Array(0))
	]);
}

const workDir = mkdtempSync(join(tmpdir(), 'qr-draw-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function zbarimg(file: string): string {
	const result = spawnSync('zbarimg', ['--raw', '-q', file], { encoding: 'utf8' });
	if (result.error) {
		throw new Error(
			`zbarimg could not run (${result.error.message}). It is the independent QR decoder these tests ` +
				'check our drawing with: install it with `apt-get install zbar-tools`.'
		);
	}
	if (result.status !== 0) throw new Error(`zbarimg found no code in ${file} (exit ${result.status})`);
	return result.stdout.replace(/\n$/, '');
}

describe('qrMatrix', () => {
	it('picks version 5 for a 112-character link and 6 for 140 characters (ECC M)', () => {
		expect(link(112)).toHaveLength(112);
		expect(qrMatrix(link(112)).version).toBe(5);
		expect(qrMatrix(link(140)).version).toBe(6);
		expect(qrMatrix(link(160)).version).toBe(7);
		expect(qrMatrix(link(200)).version).toBe(8);
	});

	it('returns a size×size matrix with 4v+17 modules and the finder patterns in place', () => {
		const m = qrMatrix(link(112));
		expect(m.size).toBe(4 * 5 + 17);
		expect(m.modules).toHaveLength(m.size);
		for (const row of m.modules) expect(row).toHaveLength(m.size);
		// Top-left finder: dark outer ring, light ring, dark 3×3 core.
		expect(m.modules[0]?.slice(0, 7)).toEqual([true, true, true, true, true, true, true]);
		expect(m.modules[1]?.slice(0, 7)).toEqual([true, false, false, false, false, false, true]);
		expect(m.modules[3]?.slice(0, 7)).toEqual([true, false, true, true, true, false, true]);
	});

	it('throws for a text no QR version can hold', () => {
		expect(() => qrMatrix('A'.repeat(5000))).toThrow();
	});
});

describe('QrCode.svelte', () => {
	it('has a viewBox in modules with a 4-module quiet zone, one crisp black path on white', () => {
		const text = link(112);
		const { svg, n, version } = drawQr(text);
		expect(n).toBe(qrMatrix(text).size + 8);
		expect(version).toBe(5);
		expect(svg).toContain(`viewBox="0 0 ${n} ${n}"`);
		expect(svg).toContain('shape-rendering="crispEdges"');
		expect(svg.match(/<path /g)).toHaveLength(1);
		expect(svg).toMatch(/<path fill="#000" d="M4 4h7v1h-7z/);
		expect(svg).not.toMatch(/<svg[^>]*\swidth="/); // no fixed pixel size on the <svg>: CSS sizes it
	});

	it('draws exactly the modules of the matrix, inside the quiet zone', () => {
		const text = link(140);
		const m = qrMatrix(text);
		const { n, dark } = drawQr(text);
		expect(qrSvgSize(m, 1)).toBe(m.size + 8); // never a quiet zone under 4 modules
		for (let y = 0; y < n; y++) {
			for (let x = 0; x < n; x++) {
				expect(dark[y * n + x] === 1, `${x},${y}`).toBe(m.modules[y - 4]?.[x - 4] === true);
			}
		}
	});

	it('path rectangles cover exactly the dark modules', () => {
		const m = qrMatrix(link(200));
		const drawn = Array.from({ length: m.size }, () => Array<boolean>(m.size).fill(false));
		for (const [, x, y, w] of qrSvgPath(m).matchAll(/M(\d+) (\d+)h(\d+)v1h-\3z/g)) {
			for (let i = 0; i < Number(w); i++) {
				const row = drawn[Number(y)];
				if (!row) throw new Error('row out of range');
				expect(row[Number(x) + i]).toBe(false);
				row[Number(x) + i] = true;
			}
		}
		expect(drawn).toEqual(m.modules);
	});
});

describe('decoding what we draw', () => {
	const cases = [
		{ length: 112, version: 5 },
		{ length: 140, version: 6 },
		{ length: 160, version: 7 },
		{ length: 200, version: 8 },
		{ length: 1000, version: 21 }
	];

	it.each(cases)(
		'zbarimg reads a $length-character link (version $version) from our matrix',
		({ length }) => {
			const text = link(length, length);
			const { width, pixels } = rasterise(drawQr(text), 4);
			const file = join(workDir, `zbar-${length}.png`);
			writeFileSync(file, greyPng(width, pixels));
			expect(zbarimg(file)).toBe(text);
		}
	);

	// [px per module, sub-pixel phase]. jsQR 1.4 has a measured blind spot with version 8 at 2.6 px/module
	// (phases 0–0.1) and 3.0 px/module (phases 0.4–0.6): every module edge then lands on an exactly mid-grey
	// pixel and its binarizer loses the timing pattern. Versions 5–7 decode at every phase; version 8 at every
	// phase from 3.5 px/module. The scanner's 480-px frames give a code filling the guide ~6 px/module.
	const everywhere: [number, number][] = [2.6, 3, 4.5, 6].flatMap((p) =>
		[0, 0.5].map((f): [number, number] => [p, f])
	);
	const v8: [number, number][] = [
		[2.6, 0.5],
		[3, 0],
		[3.5, 0],
		[3.5, 0.5],
		[4.5, 0],
		[6, 0.5]
	];
	it.each(cases.filter((c) => c.version <= 8))(
		'jsQR reads a version-$version link at 2.6 to 6 px per module',
		({ length, version }) => {
			const text = link(length, length + 1);
			const drawn = drawQr(text);
			expect(drawn.version).toBe(version);
			for (const [pitch, phase] of version === 8 ? v8 : everywhere) {
				const { width, pixels } = rasterise(drawn, pitch, phase);
				const code = jsQR(toRgba(pixels), width, width, { inversionAttempts: 'dontInvert' });
				expect(code?.data, `${pitch} px/module, phase ${phase}`).toBe(text);
			}
		}
	);

	it('zbarimg reads version 8 where jsQR misses it (2.6 px/module, edges on mid-grey pixels)', () => {
		const text = link(200, 201);
		const { width, pixels } = rasterise(drawQr(text), 2.6, 0);
		const file = join(workDir, 'zbar-v8-2.6.png');
		writeFileSync(file, greyPng(width, pixels));
		expect(zbarimg(file)).toBe(text);
	});
});
