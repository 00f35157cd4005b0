/**
 * The link forms (docs/signal-format.md §5). In the QR code, `HTTPS://QRCALL.APP/#CODE`: scheme and host are
 * case-insensitive, so they are upper-cased to stay in the QR alphanumeric set (`qrcode` then picks the segments
 * itself: alphanumeric, one byte for `#`, alphanumeric). In shared or copied text, `https://qrcall.app/#CODE`:
 * some linkifiers only link a lower-case scheme. The path is case-sensitive and kept as given in both.
 */

const URL_START = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)([^#]*)/i;

export function toLink(origin: string, code: string): string {
	return withOrigin(origin, code, (text) => text.toUpperCase());
}

/** The text form of a code or link: the same code behind a lower-case scheme and host. */
export function shareLink(link: string): string {
	const hash = link.lastIndexOf('#');
	if (hash < 0) return link;
	return withOrigin(link.slice(0, hash), link.slice(hash + 1), (text) => text.toLowerCase());
}

function withOrigin(origin: string, code: string, recase: (text: string) => string): string {
	const match = URL_START.exec(origin.trim());
	if (!match) return `${origin.split('#')[0] ?? ''}#${code}`;
	const [, scheme = '', authority = '', path = ''] = match;
	// Only the host changes case: user info (before the last @) is case-sensitive too.
	const at = authority.lastIndexOf('@') + 1;
	const host = authority.slice(0, at) + recase(authority.slice(at));
	return `${recase(scheme)}${host}${path || '/'}#${code}`;
}
