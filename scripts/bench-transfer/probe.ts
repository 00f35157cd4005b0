// What a browser instance really holds, read from /proc and its profile on disk: the proportional set size
// (PSS, shared pages split between sharers) of every process of the instance — so Blob memory in the browser
// process counts, not only the page's JS heap — and the bytes its profile keeps on disk (blob_storage, the
// Origin Private File System, caches).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function processes(): { pid: number; ppid: number }[] {
	const out: { pid: number; ppid: number }[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			// Field 4 of /proc/pid/stat, after the parenthesised command (which may hold spaces).
			const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
			const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
			out.push({ pid: Number(name), ppid });
		} catch {
			// The process ended while we read.
		}
	}
	return out;
}

/** The browser process started with this profile (the one without --type=) and all its descendants. */
export function browserTree(userDataDir: string): number[] {
	const all = processes();
	const root = all.find(({ pid }) => {
		try {
			const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
			return cmd.includes(`--user-data-dir=${userDataDir}`) && !cmd.some((a) => a.startsWith('--type='));
		} catch {
			return false;
		}
	});
	// Closed (or not started): nothing of it is left to count.
	if (!root) return [];
	const tree = [root.pid];
	for (let i = 0; i < tree.length; i++) for (const p of all) if (p.ppid === tree[i]) tree.push(p.pid);
	return tree;
}

/** Summed PSS (bytes) of the given processes. */
export function pss(pids: number[]): number {
	let kb = 0;
	for (const pid of pids) {
		try {
			const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
			kb += Number(m?.[1] ?? 0);
		} catch {
			// Gone: it holds nothing any more.
		}
	}
	return kb * 1024;
}

/** User + system clock ticks in a /proc stat line: fields 14 and 15, after the parenthesised command. */
function statTicks(stat: string): number {
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

/**
 * CPU seconds (user + system) the given processes have used so far. Both browsers share this machine's two
 * cores: what the call costs per second (drawing, audio) is taken from the transfer, so it is reported.
 */
export function cpuSeconds(pids: number[]): number {
	let ticks = 0;
	for (const pid of pids) {
		try {
			ticks += statTicks(readFileSync(`/proc/${pid}/stat`, 'utf8'));
		} catch {
			// Gone: what it used is no longer counted, which only makes the figure smaller.
		}
	}
	// USER_HZ is 100 on Linux.
	return ticks / 100;
}

/** Bytes of all files under a directory (allocated blocks, so sparse files count what they use). */
export function diskUse(dir: string): number {
	let total = 0;
	let entries: string[];
	try {
		entries = readdirSync(dir);
	} catch {
		return 0;
	}
	for (const name of entries) {
		const path = join(dir, name);
		try {
			const s = statSync(path);
			total += s.isDirectory() ? diskUse(path) : s.blocks * 512;
		} catch {
			// Removed while we walked.
		}
	}
	return total;
}

export interface MemoryPeak {
	/** Before the transfer. */
	pss0: number;
	disk0: number;
	/** Highest seen during the transfer. */
	pssPeak: number;
	diskPeak: number;
	/** (fraction of the file received, PSS, disk) samples, for the 1 GB timeline. */
	samples: { at: number; pss: number; disk: number }[];
}

/** Samples a browser instance every `everyMs` until stopped. */
export function watchMemory(userDataDir: string, everyMs = 250): { stop: () => MemoryPeak } {
	const pids = () => browserTree(userDataDir);
	const first = { pss: pss(pids()), disk: diskUse(userDataDir) };
	const peak: MemoryPeak = { pss0: first.pss, disk0: first.disk, pssPeak: 0, diskPeak: 0, samples: [] };
	const t0 = performance.now();
	const take = () => {
		const s = { at: performance.now() - t0, pss: pss(pids()), disk: diskUse(userDataDir) };
		peak.samples.push(s);
		peak.pssPeak = Math.max(peak.pssPeak, s.pss);
		peak.diskPeak = Math.max(peak.diskPeak, s.disk);
	};
	take();
	const timer = setInterval(take, everyMs);
	return {
		stop: () => {
			clearInterval(timer);
			take();
			return peak;
		}
	};
}

/** The process's role: Chromium's --type= (renderer, gpu-process, utility…), or "browser" for the main one. */
function processType(pid: number): string {
	try {
		const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
		const type = cmd.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
		const service = cmd
			.find((a) => a.startsWith('--utility-sub-type='))
			?.split('.')
			.at(-2);
		return service ? `${type}:${service}` : type;
	} catch {
		return 'gone';
	}
}

/**
 * CPU seconds so far per "process type / thread name" (THREADS=1 diagnostic): which threads a transfer's
 * extra cost lands on. Threads of one name in one kind of process are summed (a pool's workers share a name).
 */
export function threadSeconds(pids: number[]): Map<string, number> {
	const out = new Map<string, number>();
	for (const pid of pids) {
		const type = processType(pid);
		let tids: string[];
		try {
			tids = readdirSync(`/proc/${pid}/task`);
		} catch {
			continue;
		}
		for (const tid of tids) {
			try {
				const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
				const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '#');
				const key = `${type} / ${name}`;
				out.set(key, (out.get(key) ?? 0) + statTicks(stat) / 100);
			} catch {
				// The thread ended while we read.
			}
		}
	}
	return out;
}

/** What each thread used between two readings. */
export function threadDelta(before: Map<string, number>, after: Map<string, number>): Map<string, number> {
	const out = new Map<string, number>();
	for (const [key, s] of after) out.set(key, s - (before.get(key) ?? 0));
	return out;
}
