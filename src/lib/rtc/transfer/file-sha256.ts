// A file's standard SHA-256, computed in a worker of its own (./sha256.worker.ts) when someone asks for it: the
// transfer itself is checked part by part (./wire), so nobody pays for this hash who does not want to see it.
import type { Sha256Reply } from './sha256.worker';

/** Lowercase hex, as `sha256sum` prints it; rejects when the file can no longer be read. */
export function fileSha256(file: Blob): Promise<string> {
	const worker = new Worker(new URL('./sha256.worker.ts', import.meta.url), {
		type: 'module',
		name: 'qrcall-sha256'
	});
	return new Promise<string>((resolve, reject) => {
		worker.onmessage = ({ data }: MessageEvent<Sha256Reply>) =>
			'sha256' in data ? resolve(data.sha256) : reject(new Error(data.error));
		worker.onerror = (event) => {
			event.preventDefault();
			reject(new Error(event.message));
		};
		worker.postMessage(file);
	}).finally(() => worker.terminate());
}
