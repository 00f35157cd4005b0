// ICE servers: what the user stored on this device, else one public STUN server when online and none when
// offline (gathering is time-boxed either way, see ./gather).
export const iceServersKey = 'qrcall.iceServers';
const defaultStun: RTCIceServer[] = [{ urls: 'stun:stun.l.google.com:19302' }];

function isIceServer(value: unknown): value is RTCIceServer {
	if (typeof value !== 'object' || value === null) return false;
	const urls = (value as { urls?: unknown }).urls;
	return typeof urls === 'string' || (Array.isArray(urls) && urls.every((u) => typeof u === 'string'));
}

export function loadIceServers(): RTCIceServer[] {
	try {
		const stored = localStorage.getItem(iceServersKey);
		if (stored !== null) {
			const parsed: unknown = JSON.parse(stored);
			if (Array.isArray(parsed)) return parsed.filter(isIceServer);
		}
	} catch {
		// Storage blocked or corrupt: fall through to the default.
	}
	return navigator.onLine ? defaultStun : [];
}
