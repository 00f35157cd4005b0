// Processes and namespaces for the netns lab (./lab.ts): running a command with a clear error, ending the
// processes a lab started, and deleting namespaces by name and pid, including those a crashed run left.
import { execFile, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);
/** Every lab namespace is named qc<creator pid, base 36>x<random>… so a sweep can tell stale ones apart. */
const namePattern = /^qc([0-9a-z]+)x[0-9a-z]+$/;

export async function run(file: string, args: string[]): Promise<string> {
	try {
		const { stdout } = await exec(file, args, { maxBuffer: 4 * 1024 * 1024 });
		return stdout;
	} catch (error) {
		const stderr = (error as { stderr?: string }).stderr ?? '';
		throw new Error(`netns lab: \`${file} ${args.join(' ')}\` failed: ${stderr.trim() || String(error)}`, {
			cause: error
		});
	}
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function killPid(pid: number, signal: NodeJS.Signals): void {
	try {
		process.kill(pid, signal);
	} catch {
		// already gone
	}
}

/** Ends a child we started: SIGTERM, then SIGKILL if it lingers. */
export async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	killPid(child.pid, 'SIGTERM');
	const timer = setTimeout(() => child.pid !== undefined && killPid(child.pid, 'SIGKILL'), 2_000);
	await exited;
	clearTimeout(timer);
}

async function namespacePids(ns: string): Promise<number[]> {
	const out = await run('ip', ['netns', 'pids', ns]).catch(() => '');
	return out
		.split(/\s+/)
		.filter(Boolean)
		.map(Number)
		.filter((pid) => pid !== process.pid);
}

/** Kills what still runs in a namespace (by pid) and deletes it. */
export async function removeNamespace(ns: string): Promise<void> {
	for (const pid of await namespacePids(ns)) killPid(pid, 'SIGKILL');
	await run('ip', ['netns', 'del', ns]).catch(() => undefined);
}

/** Deletes lab namespaces whose creating process is gone (a crashed or killed earlier run). */
export async function sweepStaleNamespaces(): Promise<void> {
	const out = await run('ip', ['netns', 'list']);
	for (const line of out.split('\n')) {
		const name = line.split(' ')[0] ?? '';
		const match = namePattern.exec(name);
		if (!match?.[1]) continue;
		const pid = parseInt(match[1], 36);
		if (!alive(pid)) await removeNamespace(name);
	}
}
