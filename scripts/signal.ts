/**
 * The codec on the command line:
 *   npm run --silent signal -- encode [--origin URL] < description.json   → the code or link (no newline when piped)
 *   npm run --silent signal -- decode [--expect offer|answer] < text      → {"type","sdp"} JSON
 * Bad input: exit code 1 and the human message on stderr, never a stack trace.
 */
import { decode, encode, SignalError, type Description } from '../src/lib/signal/index';

const USAGE =
	'Usage: signal encode [--origin URL] < description.json | signal decode [--expect offer|answer] < text';

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
	const index = args.findIndex((arg) => arg === name || arg.startsWith(`${name}=`));
	if (index < 0) return undefined;
	const arg = args[index] ?? '';
	const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
	if (value === undefined || value === '') throw new UsageError(`${name} needs a value.`);
	return value;
}

async function readStdin(): Promise<string> {
	const chunks: Buffer[] = [];
	for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks).toString('utf8');
}

function parseDescription(json: string): Description {
	let value: unknown;
	try {
		value = JSON.parse(json);
	} catch {
		throw new UsageError('The input is not JSON: expected {"type":"offer","sdp":"…"}.');
	}
	const { type, sdp } = (value ?? {}) as Partial<Record<string, unknown>>;
	if ((type !== 'offer' && type !== 'answer') || typeof sdp !== 'string') {
		throw new UsageError('Expected {"type":"offer"|"answer","sdp":"…"}.');
	}
	return { type, sdp };
}

async function main(args: string[]): Promise<string> {
	const [command, ...rest] = args;
	if (command === 'encode') {
		const code = encode(parseDescription(await readStdin()), { origin: option(rest, '--origin') });
		return code + (process.stdout.isTTY ? '\n' : '');
	}
	if (command === 'decode') {
		const expect = option(rest, '--expect');
		if (expect !== undefined && expect !== 'offer' && expect !== 'answer') {
			throw new UsageError('--expect must be offer or answer.');
		}
		return JSON.stringify(decode(await readStdin(), { expect })) + '\n';
	}
	throw new UsageError(USAGE);
}

main(process.argv.slice(2)).then(
	(output) => process.stdout.write(output),
	(error: unknown) => {
		const known = error instanceof SignalError || error instanceof UsageError;
		process.stderr.write(`${known ? error.message : 'Something went wrong.'}\n`);
		process.exitCode = 1;
	}
);
