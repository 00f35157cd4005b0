// "Save as…" for a received file (issue 14 §5): where the File System Access API's save picker exists
// (Chromium desktop), the stored file is streamed from the Origin Private File System straight into the place
// the person picks, never whole in memory, and its stored copy is removed once written. Elsewhere the Files
// panel's download link is the way to save it.
import { m } from '$lib/paraglide/messages';
import { removeStored } from './storage';
import type { Transfer } from './transfer.svelte';

/** The part of the File System Access API used here (not in TypeScript's DOM library). */
interface SavePickerWindow {
	showSaveFilePicker(options: { suggestedName: string }): Promise<FileSystemFileHandle>;
}

interface WritableFileHandle {
	createWritable(): Promise<WritableStream<Uint8Array>>;
}

export type SaveResult = 'saved' | 'cancelled' | 'failed';

export const canPickSaveLocation = (): boolean =>
	typeof window !== 'undefined' && 'showSaveFilePicker' in window;

/**
 * Asks where to save the received file and streams it there. Must be called from the click itself: the
 * picker needs the user's gesture, so nothing is awaited before it opens. Never rejects.
 */
export async function saveAs(item: Transfer): Promise<SaveResult> {
	const stored = item.stored;
	if (!stored || !canPickSaveLocation()) return 'failed';
	let handle: FileSystemFileHandle;
	try {
		handle = await (window as unknown as SavePickerWindow).showSaveFilePicker({ suggestedName: item.name });
	} catch (error) {
		// The person closed the picker: nothing happened, and Save / Save as… stay.
		if (error instanceof DOMException && error.name === 'AbortError') return 'cancelled';
		return fail(item, error);
	}
	try {
		const writable = await (handle as unknown as WritableFileHandle).createWritable();
		// pipeTo closes the writable when the file is read through, and aborts it (nothing half-written
		// replaces the picked file) if reading or writing fails.
		await stored.stream().pipeTo(writable);
	} catch (error) {
		return fail(item, error);
	}
	item.saveError = null;
	item.saved = handle.name;
	if (item.url) URL.revokeObjectURL(item.url);
	item.url = null;
	item.stored = null;
	await removeStored(item.id).catch(() => {
		// Removed with the rest of the tab's files when the call ends, or swept at the next start.
	});
	return 'saved';
}

function fail(item: Transfer, error: unknown): SaveResult {
	console.warn('qrcall: saving a received file failed', error);
	// What happened and what to do next.
	item.saveError = m.files_save_failed();
	return 'failed';
}
