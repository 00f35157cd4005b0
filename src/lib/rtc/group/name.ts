// "Your name", kept on this device: asked once, editable, the same in every call. Storage can be blocked
// (private modes, policies): then the name lasts for this call, and nothing throws.
import { maxNameLength } from './wire';

/** Where "Your name" is kept on this device. */
const nameKey = 'qrcall.name';

export function storedName(): string {
	try {
		return localStorage.getItem(nameKey) ?? '';
	} catch {
		return '';
	}
}

/** The name as it will be used (trimmed, at most maxNameLength), kept for the next calls ("" forgets it). */
export function storeName(name: string): string {
	const clean = name.trim().slice(0, maxNameLength);
	try {
		if (clean) localStorage.setItem(nameKey, clean);
		else localStorage.removeItem(nameKey);
	} catch {
		// Storage blocked: the name lasts for this call.
	}
	return clean;
}
