// The SHA-256 shown for a file must be the standard one, what `sha256sum` prints for the same bytes, however
// the bytes were cut into chunks on the way.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StreamingSha256 } from '../../src/lib/rtc/transfer/sha256';

async function streamed(bytes: Uint8Array, cut: (left: number) => number): Promise<string> {
	const hasher = new StreamingSha256();
	for (let at = 0; at < bytes.byteLength;) {
		const n = Math.min(bytes.byteLength - at, cut(bytes.byteLength - at));
		await hasher.update(bytes.subarray(at, at + n));
		at += n;
	}
	return hasher.hex();
}

describe('streaming SHA-256 of a file', () => {
	it('equals sha256sum and node:crypto for 5 MB of random bytes cut at random chunk sizes', async () => {
		const bytes = randomBytes(5 * 1024 * 1024 + 123);
		const dir = mkdtempSync(join(tmpdir(), 'qrcall-sha-'));
		try {
			writeFileSync(join(dir, 'file.bin'), bytes);
			const sum = execFileSync('sha256sum', [join(dir, 'file.bin')], { encoding: 'utf8' }).split(' ')[0];
			const node = createHash('sha256').update(bytes).digest('hex');
			expect(node).toBe(sum);
			expect(await streamed(bytes, () => 1 + Math.floor(Math.random() * 300_000))).toBe(sum);
			expect(await streamed(bytes, () => 16_384)).toBe(sum);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});

	it('hashes an empty file like sha256sum does', async () => {
		expect(await streamed(new Uint8Array(0), () => 1)).toBe(
			'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
		);
	});
});
