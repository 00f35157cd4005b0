// What ends a call whose network stays gone longer than a browser keeps a call (issue 15). Firefox 153 fails
// ICE at its consent expiry (RFC 7675: 30 s without an answer to its consent checks; measured 28.5 s into an
// outage), its DTLS transport fails with it (a terminal state) and SCTP closes every data channel in the same
// millisecond: nothing can bring that call back, whatever either side does. Chromium 156 keeps a failed ICE
// transport and comes back after 60 s and more (the outage ladder). Each side says its browser in its `hello`
// (docs/peer-protocol.md), so the other side can tell the moment the call is gone, and both say why.

export const browserNames = ['firefox', 'chromium', 'safari', 'other'] as const;
export type BrowserName = (typeof browserNames)[number];

/**
 * How long each browser keeps a call whose other side does not answer its consent checks; a browser not
 * listed keeps it longer than the app's own grace period (rtc/connection-policy.ts disconnectedGraceMs).
 */
export const keepsCallMs: Partial<Record<BrowserName, number>> = { firefox: 30_000 };

/**
 * Slack past the other browser's keepsCallMs: its last consent answer left our side a round trip after the
 * last packet we counted from it, and our count is sampled (rtc/liveness.ts probeEveryMs).
 */
export const keepsSlackMs = 2_000;

/** The browser family from a user agent string (told to the other side in `hello`, never used for features). */
export function browserOf(userAgent: string): BrowserName {
	if (/\bFirefox\//.test(userAgent)) return 'firefox';
	if (/\b(Chrome|Chromium|CriOS)\//.test(userAgent)) return 'chromium';
	if (/\bVersion\/[\d.]+ .*Safari\//.test(userAgent)) return 'safari';
	return 'other';
}

/** This side's browser. */
export const thisBrowser = (): BrowserName => browserOf(globalThis.navigator?.userAgent ?? '');

/**
 * Whether the other side has given the call up: nothing arrived from it for `silentMs` while ICE was not
 * connected, longer than its browser keeps a call. Its consent checks got no answer all that time (had one
 * arrived, ICE here would have answered it and be connected), so it has failed ICE and closed.
 */
export function peerGaveUp(silentMs: number, peer: BrowserName | undefined): boolean {
	const keeps = peer === undefined ? undefined : keepsCallMs[peer];
	return keeps !== undefined && silentMs > keeps + keepsSlackMs;
}

/**
 * Why the call ends when this side's own DTLS transport failed after having been connected: its browser gave
 * the call up at its consent expiry ('expired'), or it failed for a reason the app cannot name ('lost').
 */
export const ownTransportFailed = (self: BrowserName): 'expired' | 'lost' =>
	keepsCallMs[self] === undefined ? 'lost' : 'expired';
