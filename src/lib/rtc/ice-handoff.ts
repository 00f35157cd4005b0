// A side whose address changed restarts ICE, and its checks from the new address reach the side that stayed,
// which answers them but cannot check back: it lacks the new ICE password, which only the restart offer
// carries. Until it can check that pair it keeps the old pair (to the vanished address) selected, so nothing
// it sends arrives, SCTP acknowledgements included, and the restart offer must cross SCTP with no
// acknowledgement at all. It does only while SCTP has nothing outstanding: one message sent into the dead link
// before ICE noticed the move (a mic toggle, a chat line) left SCTP's window at one packet behind a chunk
// never acknowledged, and the 1.5 KB offer (two packets) sat in the buffer for good (netns, 4 of 4 runs;
// /work/wt/notes/s10/h-net9.md). So the ICE credentials of a restart offer go ahead of it in a message of
// their own, small enough to travel beside that chunk, and the side that stayed hands them to its ICE agent
// at once: it checks the new address, the pair carries both ways, and the offer crosses.
import { thisBrowser, type BrowserName } from './outlasted';
import type { PeerMessage } from './protocol';

/** ICE ufrag and password characters (RFC 8839 ice-char): nothing else may reach an SDP line. */
const iceChars = /^[A-Za-z0-9+/]+$/;
const ufragLength = { min: 4, max: 256 };
const pwdLength = { min: 22, max: 256 };

export type IceParams = { ufrag: string; pwd: string };

/** Whether `value` holds valid ICE credentials (a peer's message is never trusted into an SDP). */
export function validIceParams(value: { ufrag?: unknown; pwd?: unknown }): value is IceParams {
	const ok = (s: unknown, { min, max }: { min: number; max: number }) =>
		typeof s === 'string' && s.length >= min && s.length <= max && iceChars.test(s);
	return ok(value.ufrag, ufragLength) && ok(value.pwd, pwdLength);
}

/** A description's ICE username fragment (its first ufrag line; bundled: all are the same). */
export const ufragOf = (sdp: string | undefined) => /^a=ice-ufrag:(\S+)/m.exec(sdp ?? '')?.[1];

/** The ICE credentials of a description (its first ufrag and pwd lines; bundled: all are the same). */
export function iceParamsOf(sdp: string): IceParams | undefined {
	const ufrag = ufragOf(sdp);
	const pwd = /^a=ice-pwd:(\S+)/m.exec(sdp)?.[1];
	return ufrag && pwd ? { ufrag, pwd } : undefined;
}

/** The message that goes ahead of a restart offer: its new credentials. */
export const iceParamsMessage = (params: IceParams): PeerMessage => ({ t: 'ice-params', ...params });

/**
 * Sends the credentials of `description` ahead of it (as text: one packet) when it is an offer that restarts
 * ICE (its ufrag is not `ufragBefore`, the current local description's).
 */
export function sendCredentialsAhead(
	description: RTCSessionDescriptionInit,
	ufragBefore: string | undefined,
	send: (message: PeerMessage, options?: { text?: boolean }) => void
): void {
	const params = description.type === 'offer' && iceParamsOf(description.sdp ?? '');
	if (params && ufragBefore !== undefined && params.ufrag !== ufragBefore)
		send(iceParamsMessage(params), { text: true });
}

/** `sdp` with every ufrag and password replaced by `params` and no candidate (they are the old address's). */
export function withIceParams(sdp: string, params: IceParams): string {
	return sdp
		.replace(/^a=ice-ufrag:\S+/gm, `a=ice-ufrag:${params.ufrag}`)
		.replace(/^a=ice-pwd:\S+/gm, `a=ice-pwd:${params.pwd}`)
		.replace(/^a=(candidate|end-of-candidates).*\r?\n/gm, '');
}

/**
 * Whether this browser's ICE agent keeps a password learned from a remote offer that was rolled back:
 * libwebrtc's (Chromium, and Safari's libwebrtc; headless Chromium says "HeadlessChrome", hence not a list of
 * those). Not Firefox: untried there, and its side goes on as before (the offer alone).
 */
export const keepsRolledBackPassword = (browser: BrowserName) => browser !== 'firefox';

/**
 * The side that stayed: hands the other side's new credentials to its ICE agent while ICE is down. Only in a
 * stable signaling state (an offer being negotiated carries its credentials itself), and only where the
 * behaviour below is known (keepsRolledBackPassword).
 * HACK: Chromium has no API to give ICE a remote password but a remote description. The current remote
 * description with the new credentials is applied as an offer and rolled back in the same operations-chain
 * turn (nothing can come between): Chromium keeps the password on the peer-reflexive candidate it learned from
 * those checks (P2PTransportChannel::SetRemoteIceParameters sets it on every remote candidate of that ufrag)
 * and a rollback does not take it back, so the pair becomes checkable; the real offer, when it arrives, sets
 * the same credentials. https://webrtc.googlesource.com/src/+/refs/heads/main/p2p/base/p2p_transport_channel.cc
 */
export async function acceptIceParams(pc: RTCPeerConnection, params: IceParams): Promise<void> {
	const remote = pc.currentRemoteDescription;
	const down = pc.iceConnectionState === 'disconnected' || pc.iceConnectionState === 'failed';
	if (!down || !remote || pc.signalingState !== 'stable' || !keepsRolledBackPassword(thisBrowser())) return;
	if (iceParamsOf(remote.sdp)?.ufrag === params.ufrag) return;
	const applied = pc.setRemoteDescription({ type: 'offer', sdp: withIceParams(remote.sdp, params) });
	const rolledBack = pc.setRemoteDescription({ type: 'rollback' });
	// A help, never a failure of the call: refused, the restart offer that follows still carries the same.
	await Promise.all([applied, rolledBack]).catch((error: unknown) =>
		console.warn('qrcall: handing the ICE credentials to ICE failed', error)
	);
}
