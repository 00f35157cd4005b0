import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decode, encode } from '../../src/lib/signal/index';
import { BROWSERS, ORIGIN, fixture } from './signal/helpers';

const ROOT = join(import.meta.dirname, '..', '..');

interface Result {
	status: number | null;
	stdout: string;
	stderr: string;
}

/**
 * `npx tsx scripts/signal.ts …` with `input` on stdin. Each start costs ~2 s of CPU (npx + esbuild), so there are
 * only four, run side by side where possible.
 */
function signal(args: readonly string[], input: string): Promise<Result> {
	return new Promise((resolve, reject) => {
		const child = spawn('npx', ['tsx', 'scripts/signal.ts', ...args], { cwd: ROOT });
		const result: Result = { status: null, stdout: '', stderr: '' };
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => (result.stdout += chunk));
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => (result.stderr += chunk));
		child.on('error', reject);
		child.on('close', (status) => resolve({ ...result, status }));
		child.stdin.end(input);
	});
}

describe('scripts/signal.ts', { timeout: 120_000 }, () => {
	const offer = fixture(`${BROWSERS.chromium}-offer`);

	it('encodes, decodes, and fails with exit code 1 and the human message, without a stack trace', async () => {
		const failures = [
			[['decode'], encode(offer).slice(0, 60), 'This code is cut off — copy the whole code.'],
			[
				['encode', '--origin', ORIGIN],
				'{"type":"offer"',
				'The input is not JSON: expected {"type":"offer","sdp":"…"}.'
			]
		] as const;
		const roundTrip = async () => {
			const encoded = await signal(['encode', '--origin', ORIGIN], JSON.stringify(offer));
			return { encoded, decoded: await signal(['decode'], `${encoded.stdout.toLowerCase()}\n`) };
		};
		const [{ encoded, decoded }, ...results] = await Promise.all([
			roundTrip(),
			...failures.map(([args, input]) => signal(args, input))
		]);

		expect(encoded).toMatchObject({ status: 0, stderr: '' });
		expect(encoded.stdout).toBe(encode(offer, { origin: ORIGIN }));
		expect(decoded).toMatchObject({ status: 0, stderr: '' });
		expect(JSON.parse(decoded.stdout)).toEqual(decode(encoded.stdout));
		results.forEach((result, i) => {
			expect(result.status).toBe(1);
			expect(result.stdout).toBe('');
			expect(result.stderr).toContain(failures[i]?.[2]);
			expect(result.stderr).not.toMatch(/\bat .*:\d+:\d+|Error:/);
		});
	});
});
