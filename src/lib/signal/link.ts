/**
 * The link form `HTTPS://QRCALL.APP/#CODE`. Scheme and host are case-insensitive, so they are upper-cased to stay
 * in the QR alphanumeric set; the path is case-sensitive and kept as given. `qrcode` then picks the segments
 * itself (alphanumeric, one byte for `#`, alphanumeric).
 */

const URL_START = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^#]*)/i;

export function toLink(origin: string, code: string): string {
	const match = URL_START.exec(origin.trim());
	if (!match) return `${origin.split('#')[0] ?? ''}#${code}`;
	const [, scheme = '', authority = '', path = ''] = match;
	// Only the host is upper-cased: user info (before the last @) is case-sensitive too.
	const at = authority.lastIndexOf('@') + 1;
	const host = authority.slice(0, at) + authority.slice(at).toUpperCase();
	return `${scheme.toUpperCase()}${host}${path || '/'}#${code}`;
}
