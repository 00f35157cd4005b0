// Reads back the <svg> QrCode.svelte draws (server-rendered in unit tests, or taken from a page in e2e tests).

export interface DrawnQr {
	/** Side of the viewBox in modules (quiet zone included). */
	n: number;
	version: number;
	/** Dark cells of the n×n grid, row-major (what the <path> covers). */
	dark: Uint8Array;
	/** The <svg> markup. */
	svg: string;
}

/** The viewBox size, version and dark cells of QrCode.svelte's markup; throws if it is not what it draws. */
export function parseQrSvg(svg: string): DrawnQr {
	const box = /viewBox="0 0 (\d+) (\d+)"/.exec(svg);
	const version = /data-qr-version="(\d+)"/.exec(svg);
	// Attribute order differs between server markup and a browser's outerHTML.
	const d = /<path(?=[^>]*\sfill="#000")[^>]*\sd="([^"]*)"/.exec(svg);
	if (!box || !version || !d || box[1] !== box[2])
		throw new Error(`unexpected QR markup: ${svg.slice(0, 200)}`);
	const n = Number(box[1]);
	const rect = new RegExp(`<rect(?=[^>]*\\swidth="${n}")(?=[^>]*\\sheight="${n}")(?=[^>]*\\sfill="#fff")`);
	if (!rect.test(svg)) {
		throw new Error('QrCode.svelte no longer draws a white square behind the code');
	}
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
