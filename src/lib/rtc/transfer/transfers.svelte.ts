// Files sent and received during the call, each on its own data channel (./wire has the format). The sender
// reads the file a part at a time and hashes each part; the receiver streams it to storage and hashes it there
// (./receive). The file's standard SHA-256 is computed only when someone asks for it (./file-sha256).
// Back-pressure through bufferedAmountLowThreshold keeps the send queue bounded.
import { m } from '$lib/paraglide/messages';
import type * as Parts from './parts';
import type { SaveResult } from './save';
import type { Transfer } from './transfer.svelte';

export type { Transfer, TransferStatus } from './transfer.svelte';

let parts: typeof Parts | undefined;
let loading: Promise<typeof Parts> | undefined;

/**
 * Loads the working parts (./parts) once; the call engine waits for them (../load-engine.ts), so every call
 * has them before its first data channel. Then removes the files a crashed or closed call left in storage.
 */
export function loadTransferParts(): Promise<typeof Parts> {
	loading ??= import('./parts').then((loaded) => {
		parts = loaded;
		loaded.sweepStale().catch(() => {
			// Storage unavailable: there is nothing to sweep.
		});
		return loaded;
	});
	// A failed fetch (offline before the worker cached it) may be retried with the engine.
	loading.catch(() => {
		loading = undefined;
	});
	return loading;
}

/** The parts, loaded with the engine before any call could send or receive a file. */
function loaded(): typeof Parts {
	if (!parts) throw new Error('file transfer used before the call engine loaded');
	return parts;
}

/** One person a file goes to, over that person's connection. */
export interface FileTarget {
	/** In a group call, their name (shown on the file); null in a 1:1 call. */
	name: string | null;
	createChannel: (label: string, init: RTCDataChannelInit) => RTCDataChannel;
	/** The connection's `pc.sctp.maxMessageSize` (0 when unknown): no chunk may be larger. */
	maxMessageSize: number;
	/** Undefined while the link carries data; else resolves once it does again (../hold): the file waits. */
	whenUp: () => Promise<void> | undefined;
}

export interface TransfersOptions {
	/** Who files go to now: the one person picked, or everyone connected (the one other side in a 1:1 call). */
	targets: () => readonly FileTarget[];
}

export class Transfers {
	#items = $state.raw<Transfer[]>([]);
	#options: TransfersOptions;
	/** The picked file of each transfer going out, for its SHA-256. */
	#sent = new WeakMap<Transfer, Blob>();

	constructor(options: TransfersOptions) {
		this.#options = options;
	}

	get items(): readonly Transfer[] {
		return this.#items;
	}

	/**
	 * Sends each file on its own channel to each target; they run side by side (SCTP interleaves them). A file
	 * to everyone is one transfer per person, so each shows, verifies and can be cancelled on its own.
	 */
	send(files: Iterable<File>): void {
		const targets = this.#options.targets();
		for (const file of files) {
			if (targets.length === 0) {
				// Nobody connected right now (reconnecting): say so on the file instead of dropping it.
				this.#add(file, null).end('failed', 'not-connected');
				continue;
			}
			for (const target of targets) {
				const item = this.#add(file, target.name);
				this.#send(file, item, target).catch(() => item.end('failed', 'protocol'));
			}
		}
	}

	/** A data channel the other side (`from`: its name in a group call) opened: ours if its label says so. */
	accept(channel: RTCDataChannel, from: string | null): boolean {
		const { channelPrefix, Receiver, Transfer } = loaded();
		if (!channel.label.startsWith(channelPrefix)) return false;
		const item = new Transfer(channel.label.slice(channelPrefix.length), 'in');
		item.peer = from;
		item.status = 'receiving';
		this.#items = [...this.#items, item];
		new Receiver(channel, item);
		return true;
	}

	/** "Save as…" is offered: the browser has the File System Access API's save picker. */
	get canSaveAs(): boolean {
		return parts?.canPickSaveLocation() ?? false;
	}

	/** Streams a received file to a place the person picks (call it from the click). Never rejects. */
	saveAs(item: Transfer): Promise<SaveResult> {
		return loaded().saveAs(item);
	}

	/** Its SHA-256 can be computed: it arrived or went out whole, and this side still holds the file. */
	canHash(item: Transfer): boolean {
		return item.status === 'done' && !!this.#fileOf(item);
	}

	/** Computes the file's standard SHA-256 from the file this side holds, and shows it. Never rejects. */
	async computeSha256(item: Transfer): Promise<void> {
		const file = this.#fileOf(item);
		if (!file || item.hashing || item.sha256) return;
		item.hashing = true;
		item.hashError = null;
		try {
			item.sha256 = await loaded().fileSha256(file);
		} catch (error) {
			console.warn('qrcall: computing a file’s SHA-256 failed', error);
			// What happened and what to do next.
			item.hashError = m.files_sha256_failed();
		} finally {
			item.hashing = false;
		}
	}

	/** Call ended: cancel what runs and remove every stored file (the ended screen offers none). */
	stopAll(): void {
		for (const item of this.#items) {
			if (item.active) item.cancel();
			if (item.url) URL.revokeObjectURL(item.url);
			item.url = null;
			item.stored = null;
		}
		// Nothing was ever stored before the parts loaded.
		parts?.removeAll().catch(() => {
			// Swept at the next start.
		});
	}

	/** A new call (or home): forget the list too. */
	clear(): void {
		this.stopAll();
		this.#items = [];
	}

	/** Going out, the picked file; coming in, the stored copy (gone once "Save as…" moved it). */
	#fileOf(item: Transfer): Blob | null {
		return item.direction === 'out' ? (this.#sent.get(item) ?? null) : item.stored;
	}

	#add(file: File, peer: string | null): Transfer {
		const item = new (loaded().Transfer)(crypto.randomUUID(), 'out');
		this.#sent.set(item, file);
		item.name = file.name;
		item.peer = peer;
		item.size = file.size;
		this.#items = [...this.#items, item];
		return item;
	}

	async #send(file: File, item: Transfer, target: FileTarget): Promise<void> {
		const { channelPrefix, chunkSizeFor, linkUp, sendFile } = loaded();
		// Started while reconnecting: not even the channel's opening goes into the dead link (../hold).
		item.cancel = () => item.end('cancelled');
		// Awaited only when down: up, the channel opens in this same task (no hop).
		const down = linkUp(target.whenUp, item);
		if (down) await down;
		if (!item.active) return;
		const channel = target.createChannel(channelPrefix + item.id, { ordered: true });
		item.cancel = () => {
			if (!item.active) return;
			item.end('cancelled');
			if (channel.readyState === 'open') channel.send(JSON.stringify({ t: 'cancel' }));
			// Closing right after send: the close is ordered after the queued message on the SCTP stream.
			channel.close();
		};
		await sendFile(channel, file, item, {
			chunk: chunkSizeFor(target.maxMessageSize),
			whenUp: target.whenUp
		});
	}
}
