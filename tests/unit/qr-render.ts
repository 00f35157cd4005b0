// The app's QR renderer, as the browser draws it: QrCode.svelte rendered (server-side, the same markup), its
// <svg> parsed and rasterised here. Tests draw codes with this instead of a renderer of their own.
import { render } from 'svelte/server';
import QrCode from '../../src/lib/ui/QrCode.svelte';

export interface DrawnQr {
	/** Side of the viewBox in modules (quiet zone included). */
	n: number;
	version: number;
	/** Dark cells of the n×n grid, row-major (what the <path> covers). */
	dark: Uint8Array;
	/** The <svg> markup QrCode.svelte rendered. */
	svg: string;
}

/** Renders QrCode.svelte for `text` and reads back the drawing: viewBox size, version and the path's cells. */
export function drawQr(text: string): DrawnQr {
	const { body } = render(QrCode, { props: { text, label: 'QR code' } });
	const svg = /<svg[\s\S]*<\/svg>/.exec(body)?.[0];
	if (!svg) throw new Error(`QrCode.svelte drew no <svg>: ${body.slice(0, 200)}`);
	const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
	const version = /data-qr-version="(\d+)"/.exec(svg);
	const d = /<path fill="#000" d="([^"]*)"/.exec(svg);
	if (!box || !version || !d || box[1] !== box[2])
		throw new Error(`unexpected QR markup: ${svg.slice(0, 200)}`);
	if (!svg.includes(`<rect width="${box[1]}" height="${box[1]}" fill="#fff"`)) {
		throw new Error('QrCode.svelte no longer draws a white square behind the code');
	}
	const n = Number(box[1]);
	const dark = new Uint8Array(n * n);
	for (const [, x, y, w, back] of d[1]?.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g) ?? []) {
		if (w !== back) throw new Error(`path run does not close: M${x} ${y}h${w}v1h-${back}z`);
		for (let i = 0; i < Number(w); i++) {
			const cell = Number(y) * n + Number(x) + i;
			if (dark[cell]) throw new Error(`cell drawn twice at ${x},${y}`);
			dark[cell] = 1;
		}
	}
	return { n, version: Number(version[1]), dark, svg };
}

/**
 * Greyscale pixels of a drawn code at `pitch` pixels per module (any real number), box-filtered (4×4 samples a
 * pixel) like a downscaled image; `phase` shifts the grid by a fraction of a pixel.
 */
export function rasterise(qr: DrawnQr, pitch: number, phase = 0): { width: number; pixels: Uint8Array } {
	const width = Math.ceil(qr.n * pitch);
	const pixels = new Uint8Array(width * width);
	const samples = 4;
	for (let y = 0; y < width; y++) {
		for (let x = 0; x < width; x++) {
			let dark = 0;
			for (let sy = 0; sy < samples; sy++) {
				const my = Math.floor((y + phase + (sy + 0.5) / samples) / pitch);
				for (let sx = 0; sx < samples; sx++) {
					const mx = Math.floor((x + phase + (sx + 0.5) / samples) / pitch);
					if (mx < qr.n && my < qr.n && qr.dark[my * qr.n + mx]) dark++;
				}
			}
			pixels[y * width + x] = Math.round(255 * (1 - dark / (samples * samples)));
		}
	}
	return { width, pixels };
}

export function toRgba(grey: Uint8Array): Uint8ClampedArray<ArrayBuffer> {
	const rgba = new Uint8ClampedArray(grey.length * 4);
	for (let i = 0; i < grey.length; i++) {
		const v = grey[i] ?? 0;
		rgba[i * 4] = v;
		rgba[i * 4 + 1] = v;
		rgba[i * 4 + 2] = v;
		rgba[i * 4 + 3] = 255;
	}
	return rgba;
}
