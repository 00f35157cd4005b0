// The app's QR renderer, as the browser draws it: QrCode.svelte rendered (server-side, the same markup), its
// <svg> parsed (qr-svg.ts) and rasterised here. Tests draw codes with this instead of a renderer of their own.
import { render } from 'svelte/server';
import QrCode from '../../src/lib/ui/QrCode.svelte';
import { parseQrSvg, type DrawnQr } from './qr-svg';

export type { DrawnQr } from './qr-svg';

/** Renders QrCode.svelte for `text` and reads back the drawing: viewBox size, version and the path's cells. */
export function drawQr(text: string): DrawnQr {
	const { body } = render(QrCode, { props: { text, label: 'QR code' } });
	const svg = /<svg[\s\S]*<\/svg>/.exec(body)?.[0];
	if (!svg) throw new Error(`QrCode.svelte drew no <svg>: ${body.slice(0, 200)}`);
	return parseQrSvg(svg);
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
