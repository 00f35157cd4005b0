// One file going out or coming in: the state the Files panel renders.
import { transferMessages, type TransferErrorCode } from './messages';

/**
 * How often the shown progress (bytes, speed) changes while bytes flow. Both sides report every MiB, 15–20
 * times a second on a fast link, and each change re-renders and lays out the Files panel: the main threads
 * of a 200 MiB transfer used 3.9 / 5.8 ms per MB (sender / receiver) against 2.1 for the bare channel's
 * pages in bench:transfer. Four changes a second read as smooth; the last one (all bytes) always shows.
 */
export const progressEveryMs = 250;

export type TransferStatus =
	'waiting' | 'sending' | 'receiving' | 'verifying' | 'done' | 'failed' | 'cancelled';

export class Transfer {
	readonly id: string;
	readonly direction: 'out' | 'in';
	name = $state('');
	/** In a group call, who it goes to or comes from (their name then); null in a 1:1 call. */
	peer = $state<string | null>(null);
	size = $state(0);
	bytes = $state(0);
	/** Bytes per second over the last second or so. */
	speed = $state(0);
	status = $state<TransferStatus>('waiting');
	/** Going out, waiting for the call's link to come back (../hold): it goes on from where it stopped. */
	paused = $state(false);
	/** Received and verified: an object URL (of the stored file) to save it from. */
	url = $state<string | null>(null);
	/** Received and verified: the stored file itself (on disk with OPFS), for "Save as…" (./save) and its SHA-256. */
	stored = $state.raw<Blob | null>(null);
	/** The name of the file "Save as…" wrote it to; its stored copy is then gone. */
	saved = $state<string | null>(null);
	/** Why the last "Save as…" failed. */
	saveError = $state<string | null>(null);
	/** The file's standard SHA-256 (what `sha256sum` prints), computed here once someone asked for it. */
	sha256 = $state<string | null>(null);
	/** Its SHA-256 is being computed. */
	hashing = $state(false);
	/** Why computing its SHA-256 failed. */
	hashError = $state<string | null>(null);
	code = $state<TransferErrorCode | null>(null);
	/** performance.now() when it finished, failed or was cancelled: the latest one is announced. */
	endedAt = $state<number | null>(null);
	#samples: { at: number; bytes: number }[] = [];
	#shownAt = -Infinity;
	cancel: () => void = () => {};

	constructor(id: string, direction: 'out' | 'in') {
		this.id = id;
		this.direction = direction;
	}

	get error(): string | null {
		return this.code ? transferMessages[this.code]() : null;
	}

	get active(): boolean {
		return (
			this.status === 'waiting' ||
			this.status === 'sending' ||
			this.status === 'receiving' ||
			this.status === 'verifying'
		);
	}

	/** Moves to a final state once; later calls (a close after a failure) change nothing. */
	end(status: 'done' | 'failed' | 'cancelled', code: TransferErrorCode | null = null): void {
		if (!this.active) return;
		this.code = code;
		this.status = status;
		this.endedAt = performance.now();
	}

	/** Bytes so far: shown at most every progressEveryMs, and at once when they are all there. */
	progress(bytes: number): void {
		const now = performance.now();
		this.#samples.push({ at: now, bytes });
		while (this.#samples.length > 2 && now - (this.#samples[0]?.at ?? now) > 1_500) this.#samples.shift();
		if (bytes < this.size && now - this.#shownAt < progressEveryMs) return;
		this.#shownAt = now;
		this.bytes = bytes;
		const first = this.#samples[0];
		if (first && now > first.at) this.speed = ((bytes - first.bytes) * 1000) / (now - first.at);
	}
}
