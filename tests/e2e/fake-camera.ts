// A QR code as Chromium's fake camera: draw it to a PNG, turn the PNG into a looping .y4m clip and start
// Chromium with `--use-file-for-fake-video-capture=<that file>` (see chromiumArgs(fakeVideo) in ./browsers).
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import QRCode from 'qrcode';

const run = promisify(execFile);

export interface FakeCameraOptions {
	/** Side of the QR (quiet zone included) inside the 640×480 frame, in pixels (default 360). */
	qrSize?: number;
	/** Clip length in seconds (Chromium loops it; default 3). */
	seconds?: number;
}

/**
 * Writes `outPath` (a .y4m, 640×480, 15 fps, yuv420p: the C420jpeg header Chromium's file capture reads)
 * showing the QR for `text` (ECC M, 4-module quiet zone) on a grey background, and the PNG next to it (`cam.y4m` → `cam.png`).
 * Resolves to the absolute path of the .y4m. Needs ffmpeg on the PATH.
 */
export async function makeFakeCameraY4m(
	text: string,
	outPath: string,
	options: FakeCameraOptions = {}
): Promise<string> {
	const { qrSize = 360, seconds = 3 } = options;
	const y4m = resolve(outPath);
	const png = `${y4m.replace(/\.y4m$/i, '')}.png`;
	await mkdir(dirname(y4m), { recursive: true });
	await QRCode.toFile(png, text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: 12 });
	await pngToY4m(png, y4m, { qrSize, seconds });
	return y4m;
}

/** A PNG (a QR) centred on a grey 640×480 frame as a looping 15 fps .y4m clip of `seconds` (ffmpeg). */
export async function pngToY4m(
	png: string,
	y4m: string,
	{ qrSize = 360, seconds = 3 }: FakeCameraOptions = {}
): Promise<void> {
	const filter =
		`scale=w=${qrSize}:h=${qrSize}:force_original_aspect_ratio=decrease,` +
		`pad=640:480:(ow-iw)/2:(oh-ih)/2:color=gray,format=yuv420p`;
	const args = ['-y', '-loglevel', 'error', '-loop', '1', '-i', png, '-vf', filter];
	try {
		await run('ffmpeg', [...args, '-t', String(seconds), '-r', '15', y4m], { maxBuffer: 1 << 20 });
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		throw new Error(`ffmpeg could not make the fake camera clip (apt-get install ffmpeg?): ${reason}`);
	}
}

/**
 * A camera that never compresses well (a moving test pattern under fresh noise every frame), as a looping
 * 640×480 (unless told) 30 fps .y4m: the encoder always has use for its whole target bitrate, so a slower link must make
 * it adapt (Chromium's own fake camera needs only ~0.4 Mbit/s at 640×480). Needs ffmpeg on the PATH.
 */
export async function makeBusyCameraY4m(
	outPath: string,
	seconds = 4,
	{ width = 640, height = 480, noise = 40 } = {}
): Promise<string> {
	const y4m = resolve(outPath);
	await mkdir(dirname(y4m), { recursive: true });
	const source = `testsrc2=size=${width}x${height}:rate=30,noise=alls=${noise}:allf=t,format=yuv420p`;
	const args = ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', source, '-t', String(seconds), y4m];
	await run('ffmpeg', args, { maxBuffer: 1 << 20 });
	return y4m;
}

/**
 * Grey frames (RGBA squares, e.g. from tests/unit/qr-camera.ts `film`) centred on a mid-grey picture (640×480
 * unless told), as a looping 15 fps .y4m clip: Chromium shows frame after frame, so each can carry its own sensor
 * noise. Luma is written in the limited range (16–235) that ffmpeg writes and Chromium's file capture reads.
 */
export async function writeFramesY4m(
	frames: { pixels: Uint8ClampedArray; side: number }[],
	outPath: string,
	{ width, height } = { width: 640, height: 480 }
): Promise<string> {
	const y4m = resolve(outPath);
	await mkdir(dirname(y4m), { recursive: true });
	const chunks: Buffer[] = [Buffer.from(`YUV4MPEG2 W${width} H${height} F15:1 Ip A1:1 C420jpeg\n`, 'latin1')];
	for (const { pixels, side } of frames) {
		if (side > height) throw new Error(`a ${side}-px square does not fit a ${width}×${height} frame`);
		const luma = Buffer.alloc(width * height, 16 + Math.round((219 * 128) / 255));
		const left = (width - side) >> 1;
		const top = (height - side) >> 1;
		for (let y = 0; y < side; y++) {
			for (let x = 0; x < side; x++) {
				luma[(top + y) * width + left + x] = 16 + Math.round((219 * (pixels[(y * side + x) * 4] ?? 0)) / 255);
			}
		}
		chunks.push(Buffer.from('FRAME\n', 'latin1'), luma, Buffer.alloc((width * height) >> 1, 128));
	}
	await writeFile(y4m, Buffer.concat(chunks));
	return y4m;
}
