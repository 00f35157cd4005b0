// The test side of firefox-device.ts: a page whose evaluate() is carried to Firefox in another namespace.
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { EvaluatingPage } from '../app-driver';

interface Reply {
	id?: number;
	value?: unknown;
	error?: string;
}

export class RemotePage implements EvaluatingPage {
	readonly #child: ChildProcess;
	readonly #pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	#next = 1;

	constructor(child: ChildProcess) {
		this.#child = child;
		if (!child.stdout) throw new Error('RemotePage: the device process has no stdout');
		createInterface({ input: child.stdout }).on('line', (line) => {
			if (!line.startsWith('{')) return;
			const reply = JSON.parse(line) as Reply;
			const waiting = reply.id === undefined ? undefined : this.#pending.get(reply.id);
			if (!waiting || reply.id === undefined) return;
			this.#pending.delete(reply.id);
			if (reply.error !== undefined) waiting.reject(new Error(`in Firefox: ${reply.error}`));
			else waiting.resolve(reply.value);
		});
		child.once('exit', () => {
			for (const { reject } of this.#pending.values()) reject(new Error('the Firefox device exited'));
			this.#pending.clear();
		});
	}

	/** Like Playwright's: the function's source runs in the page with `arg` (JSON) and its result comes back. */
	evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
		const id = this.#next++;
		return new Promise<R>((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
			this.#child.stdin?.write(`${JSON.stringify({ id, src: fn.toString(), arg })}\n`);
		});
	}
}
