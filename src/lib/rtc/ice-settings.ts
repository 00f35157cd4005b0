// The ICE settings the user edits (Settings screen): STUN/TURN servers and the relay-only switch, checked
// with clear messages before they are stored on this device (keys and defaults: ./ice-servers).
// Validation is pure (no DOM) so it is unit-tested in Node.
import { m } from '$lib/paraglide/messages';
import { iceServersKey, relayOnlyKey, storedIceServers } from './ice-servers';

/** One server as the form edits it: URLs one per line (or comma-separated), optional credentials. */
export interface IceServerDraft {
	urls: string;
	username: string;
	credential: string;
}

export interface IceSettings {
	/** null: the user never chose, the default applies (one public STUN server when online). */
	servers: RTCIceServer[] | null;
	relayOnly: boolean;
}

export type DraftErrors = { urls?: string; username?: string; credential?: string };

const schemes = ['stun', 'stuns', 'turn', 'turns'] as const;
type Scheme = (typeof schemes)[number];

export interface ParsedIceUrl {
	scheme: Scheme;
	host: string;
	port: number | null;
	transport: 'udp' | 'tcp' | null;
}

/** Splits the URL field: one per line or separated by commas/spaces. */
export function splitUrls(text: string): string[] {
	return text
		.split(/[\s,]+/)
		.map((url) => url.trim())
		.filter(Boolean);
}

const hostName =
	/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;
const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function validHost(host: string): boolean {
	if (host.startsWith('[') && host.endsWith(']')) return /^[0-9a-f:.]+$/i.test(host.slice(1, -1));
	const v4 = ipv4.exec(host);
	if (v4) return v4.slice(1).every((part) => Number(part) <= 255);
	return hostName.test(host) && !/^\d+$/.test(host.split('.').at(-1) ?? '');
}

/**
 * Parses one STUN/TURN URL (RFC 7064/7065: `stun:host[:port]`, `turn:host[:port][?transport=udp|tcp]`).
 * Returns the parsed URL or a message saying what is wrong with it.
 */
export function parseIceUrl(url: string): ParsedIceUrl | string {
	const match = /^([a-z]+):(.*)$/i.exec(url.trim());
	if (!match?.[1]) return m.ice_err_scheme_missing({ url });
	const scheme = match[1].toLowerCase();
	if (!(schemes as readonly string[]).includes(scheme)) {
		return m.ice_err_scheme({ url, scheme });
	}
	let rest = match[2] ?? '';
	if (rest.startsWith('//')) return m.ice_err_slashes({ url, scheme });
	let transport: ParsedIceUrl['transport'] = null;
	const query = rest.indexOf('?');
	if (query >= 0) {
		const params = rest.slice(query + 1);
		rest = rest.slice(0, query);
		const value = /^transport=(udp|tcp)$/i.exec(params)?.[1];
		if (!value) return m.ice_err_option({ url });
		if (scheme.startsWith('stun')) return m.ice_err_transport_stun({ url });
		transport = value.toLowerCase() as 'udp' | 'tcp';
	}
	if (/[@/]/.test(rest)) return m.ice_err_userinfo({ url });
	let host = rest;
	let port: number | null = null;
	const hostPort = /^(\[[^\]]*\]|[^:]*)(?::(.*))?$/.exec(rest);
	if (hostPort) {
		host = hostPort[1] ?? '';
		if (hostPort[2] !== undefined) {
			if (!/^\d{1,5}$/.test(hostPort[2])) return m.ice_err_port_number({ url });
			port = Number(hostPort[2]);
			if (port < 1 || port > 65535) return m.ice_err_port_range({ url });
		}
	}
	if (!host) return m.ice_err_host_missing({ url });
	if (!validHost(host)) return m.ice_err_host_invalid({ url, host });
	return { scheme: scheme as Scheme, host, port, transport };
}

/** Checks one draft; returns the server to store, or per-field messages. */
export function validateDraft(draft: IceServerDraft): { server: RTCIceServer } | { errors: DraftErrors } {
	const errors: DraftErrors = {};
	const urls = splitUrls(draft.urls);
	const username = draft.username.trim();
	const credential = draft.credential;
	let needsCredentials = false;
	if (urls.length === 0) errors.urls = m.ice_err_urls_missing();
	for (const url of urls) {
		// Even a URL with a mistake says whether it is TURN: ask for everything missing at once.
		if (/^turns?:/i.test(url)) needsCredentials = true;
		const parsed = parseIceUrl(url);
		if (typeof parsed === 'string' && !errors.urls) errors.urls = parsed;
	}
	if (needsCredentials && !username) errors.username = m.ice_err_username_needed();
	if (needsCredentials && !credential) errors.credential = m.ice_err_credential_needed();
	if (!needsCredentials && !errors.urls && (username || credential)) {
		errors.username = m.ice_err_stun_no_credentials();
	}
	if (Object.keys(errors).length > 0) return { errors };
	const server: RTCIceServer = { urls: urls.length === 1 ? (urls[0] ?? '') : urls };
	if (needsCredentials) {
		server.username = username;
		server.credential = credential;
	}
	return { server };
}

/** Checks every draft; `servers` only when all are valid, else one entry of errors per draft. */
export function validateDrafts(
	drafts: IceServerDraft[]
): { servers: RTCIceServer[] } | { errors: (DraftErrors | null)[] } {
	const results = drafts.map(validateDraft);
	if (results.every((result) => 'server' in result)) {
		return { servers: results.map((result) => (result as { server: RTCIceServer }).server) };
	}
	return { errors: results.map((result) => ('errors' in result ? result.errors : null)) };
}

/** A stored server as the form shows it. */
export function toDraft(server: RTCIceServer): IceServerDraft {
	const urls = typeof server.urls === 'string' ? [server.urls] : server.urls;
	return {
		urls: urls.join('\n'),
		username: server.username ?? '',
		credential: typeof server.credential === 'string' ? server.credential : ''
	};
}

export function loadIceSettings(): IceSettings {
	let relayOnly = false;
	try {
		relayOnly = localStorage.getItem(relayOnlyKey) === 'true';
	} catch {
		// storage blocked
	}
	return { servers: storedIceServers(), relayOnly };
}

/**
 * Stores the settings on this device. `servers: null` goes back to the default. Relay-only without any TURN
 * server could never connect, so it is refused with a message. Returns null when saved, else the message.
 */
export function saveIceSettings(settings: IceSettings): string | null {
	const turn = (settings.servers ?? []).some((server) =>
		(typeof server.urls === 'string' ? [server.urls] : server.urls).some((url) => /^turns?:/i.test(url))
	);
	if (settings.relayOnly && !turn) return m.ice_err_relay_needs_turn();
	try {
		if (settings.servers === null) localStorage.removeItem(iceServersKey);
		else localStorage.setItem(iceServersKey, JSON.stringify(settings.servers));
		if (settings.relayOnly) localStorage.setItem(relayOnlyKey, 'true');
		else localStorage.removeItem(relayOnlyKey);
		return null;
	} catch {
		return m.ice_err_storage();
	}
}
