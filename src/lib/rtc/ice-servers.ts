// ICE settings stored on this device: the user's STUN/TURN servers (else one public STUN server when online
// and none when offline; gathering is time-boxed either way, see ./gather) and a relay-only switch.
export const iceServersKey = 'qrcall.iceServers';
export const relayOnlyKey = 'qrcall.relayOnly';
const defaultStun: RTCIceServer[] = [{ urls: 'stun:stun.l.google.com:19302' }];

export interface IceConfig {
	iceServers: RTCIceServer[];
	iceTransportPolicy: RTCIceTransportPolicy;
}

function isIceServer(value: unknown): value is RTCIceServer {
	if (typeof value !== 'object' || value === null) return false;
	const urls = (value as { urls?: unknown }).urls;
	return typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
}

/** The servers the user stored, or null when they never chose (then the default applies). */
export function storedIceServers(): RTCIceServer[] | null {
	try {
		const stored = localStorage.getItem(iceServersKey);
		if (stored === null) return null;
		const parsed: unknown = JSON.parse(stored);
		return Array.isArray(parsed) ? parsed.filter(isIceServer) : null;
	} catch {
		return null; // storage blocked or corrupt: the default applies
	}
}

export function loadIceConfig(): IceConfig {
	let relayOnly = false;
	try {
		relayOnly = localStorage.getItem(relayOnlyKey) === 'true';
	} catch {
		// storage blocked: not relay-only
	}
	return {
		iceServers: storedIceServers() ?? (navigator.onLine ? defaultStun : []),
		iceTransportPolicy: relayOnly ? 'relay' : 'all'
	};
}
