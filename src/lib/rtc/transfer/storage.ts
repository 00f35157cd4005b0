// Where received files live until saved: one folder per tab in the Origin Private File System
// (`qrcall-files/<tab id>/<transfer id>`). The tab holds a Web Lock named after its folder for as long as it
// lives, so a folder whose lock nobody holds belongs to a tab that closed or crashed mid-call and is removed at
// the next start; the tab's own folder is removed when the call is cleared.

export const storageRoot = 'qrcall-files';
/** Without OPFS, files are kept in memory as Blob parts; above this they are refused with a message. */
export const memoryLimitBytes = 250 * 1000 * 1000;

const tabId = crypto.randomUUID();
const lockName = (dir: string) => `${storageRoot}/${dir}`;
let locked = false;

interface DirectoryWithKeys {
	keys(): AsyncIterable<string>;
}

async function rootDirectory(create: boolean): Promise<FileSystemDirectoryHandle | null> {
	if (!navigator.storage?.getDirectory) return null;
	try {
		return await (await navigator.storage.getDirectory()).getDirectoryHandle(storageRoot, { create });
	} catch {
		// No OPFS here (some private windows), or nothing stored yet.
		return null;
	}
}

/** This tab's folder name, with the lock that marks it as in use taken on first call. */
export function tabDirectory(): string {
	if (!locked && navigator.locks) {
		locked = true;
		// Held until the tab goes away: the callback's promise never settles on purpose.
		navigator.locks
			.request(lockName(tabId), () => new Promise<void>(() => {}))
			.catch(() => {
				// Locks refused (opaque origin): the folder is then only swept by its own tab.
			});
	}
	return tabId;
}

/** Removes the folders of tabs that are gone (a crashed or closed call left them behind). */
export async function sweepStale(): Promise<void> {
	const root = await rootDirectory(false);
	if (!root || !navigator.locks) return;
	const held = new Set(((await navigator.locks.query()).held ?? []).map((l) => l.name));
	for await (const name of (root as unknown as DirectoryWithKeys).keys()) {
		if (name !== tabId && !held.has(lockName(name))) await root.removeEntry(name, { recursive: true });
	}
}

/** The stored file, read from disk on demand (its object URL does not copy it into memory). */
export async function storedFile(name: string): Promise<File> {
	const root = await rootDirectory(false);
	if (!root) throw new Error('The stored file is gone.');
	return (await (await root.getDirectoryHandle(tabId)).getFileHandle(name)).getFile();
}

export async function removeStored(name: string): Promise<void> {
	const root = await rootDirectory(false);
	await (await root?.getDirectoryHandle(tabId))?.removeEntry(name).catch(() => {
		// Already gone.
	});
}

/** The call is over: nothing of this tab stays on disk. */
export async function removeAll(): Promise<void> {
	await (await rootDirectory(false))?.removeEntry(tabId, { recursive: true }).catch(() => {
		// Nothing was stored.
	});
}
