// Pure QR drawing: text → module matrix → SVG path data (QrCode.svelte draws it). No DOM, so it runs in Node (tests) and the browser alike.
import QRCode from 'qrcode';

/** A QR symbol: `size`×`size` modules, row-major, `true` = dark. */
export interface QrMatrix {
	version: number;
	size: number;
	modules: boolean[][];
}

/** The quiet zone the QR spec asks for, in modules: never drawn narrower. */
export const QR_QUIET_ZONE = 4;

/** Encodes `text` at error-correction level M (qrcode picks the smallest version and the segments). */
export function qrMatrix(text: string): QrMatrix {
	const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
	const { size, data } = qr.modules;
	const modules: boolean[][] = [];
	for (let y = 0; y < size; y++) {
		const row: boolean[] = [];
		for (let x = 0; x < size; x++) row.push(data[y * size + x] === 1);
		modules.push(row);
	}
	return { version: qr.version, size, modules };
}

/**
 * SVG path data for the dark modules, one `M x y h w v 1 h -w z` rectangle per horizontal run, shifted by `offset`
 * modules (the quiet zone). Coordinates are whole modules, so the path stays crisp at any scale.
 */
export function qrSvgPath(matrix: QrMatrix, offset = 0): string {
	const parts: string[] = [];
	matrix.modules.forEach((row, y) => {
		let x = 0;
		while (x < row.length) {
			if (!row[x]) {
				x++;
				continue;
			}
			const start = x;
			while (x < row.length && row[x]) x++;
			const w = x - start;
			parts.push(`M${start + offset} ${y + offset}h${w}v1h-${w}z`);
		}
	});
	return parts.join('');
}

/** Side of the drawn square in modules, quiet zone included. */
export function qrSvgSize(matrix: QrMatrix, quietZone = QR_QUIET_ZONE): number {
	return matrix.size + 2 * Math.max(QR_QUIET_ZONE, Math.ceil(quietZone));
}
