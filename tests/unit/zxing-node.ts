// ZXing-C++ for the unit tests, as the scanner's worker loads it but from node_modules (no server in Node): the
// same zxing-wasm build and wasm file the app ships.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { ReadBarcodes } from '../../src/lib/qr/read-frame';

let loaded: Promise<ReadBarcodes> | undefined;

export function loadZxing(): Promise<ReadBarcodes> {
	loaded ??= (async () => {
		const path = createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm');
		const bytes = await readFile(path);
		const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
		await prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
		// Node has no ImageData; zxing-wasm reads any object of its shape.
		return (image, options) => readBarcodes(image as ImageData, options);
	})();
	return loaded;
}
