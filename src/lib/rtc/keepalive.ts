// Late answers. People take tens of seconds, even minutes, to carry the answer back, and until the caller
// applies it the answerer's connectivity checks may get no reply (an mDNS name it cannot resolve, a caller
// that ignores early checks). Firefox then declares ICE failed 5 s after setLocalDescription(answer):
// HACK: Firefox's trickle grace period (pref media.peerconnection.ice.trickle_grace_period, 5000 ms, not
// settable by a page; https://searchfox.org/mozilla-central/search?q=trickle_grace_period). Re-applying the
// same offer and answer restarts that timer and the pair checks without changing anything in the code shown
// (same ufrag, pwd and fingerprint; no ICE restart). Measured: Firefox↔Firefox connects at 30 s and 120 s.
import { renewChecks } from './renew-checks';

/** Must stay below Firefox's 5,000 ms grace period. */
export const reapplyPeriodMs = 2_000;
/** Beyond the caller's code lifetime there is nothing left to wait for. */
export const keepaliveMaxMs = 10 * 60_000;

/**
 * The answer this device sends makes the caller the DTLS client, so the handshake starts the moment the
 * caller applies the answer instead of at the answerer's next ClientHello retransmission (measured: a late
 * Firefox caller → Chromium answerer took 2.8–42 s with an active answerer, 32–67 ms with a passive one).
 */
export function asPassive(answer: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
	return { type: answer.type, sdp: answer.sdp?.replace(/^a=setup:active$/gm, 'a=setup:passive') };
}

/**
 * Whether this side is the call's DTLS server now: its own last answer said a=setup:passive, or its own last
 * offer (the joiner's early audio/video offer: ./early-offer) was answered a=setup:active.
 */
export function isDtlsServer(pc: RTCPeerConnection): boolean {
	const local = pc.currentLocalDescription;
	if (local?.type === 'answer') return /^a=setup:passive/m.test(local.sdp);
	return local?.type === 'offer' && /^a=setup:active/m.test(pc.currentRemoteDescription?.sdp ?? '');
}

/** setLocalDescription of the answer as DTLS server; a browser that refuses the edit gets the plain answer. */
export async function setPassiveAnswer(pc: RTCPeerConnection): Promise<void> {
	const answer = await pc.createAnswer();
	try {
		// HACK: local SDP edit of a=setup only (never ufrag/pwd); Chromium and Firefox accept it today.
		// https://w3c.github.io/webrtc-pc/#dom-peerconnection-setlocaldescription (munging is discouraged)
		await pc.setLocalDescription(asPassive(answer));
	} catch {
		await pc.setLocalDescription(answer);
	}
}

export interface Keepalive {
	/** Runs `task` with no re-apply in flight and none starting before it settles. */
	exclusive<T>(task: () => Promise<T>): Promise<T>;
	/** Stops; resolves once no re-apply is in flight. Await it before any renegotiation. */
	stop(): Promise<void>;
}

/**
 * Keeps the answerer checking until connected. It also stops by itself once the connection is up or closed, a
 * remote offer was applied, or after keepaliveMaxMs. Not on 'failed': before the caller applies the answer,
 * failing is normal across NATs (see reapply).
 */
export function keepAnswererChecking(pc: RTCPeerConnection, offer: RTCSessionDescriptionInit): Keepalive {
	const started = Date.now();
	let busy: Promise<unknown> | null = null;
	const done = () =>
		pc.iceConnectionState === 'connected' ||
		pc.iceConnectionState === 'completed' ||
		pc.connectionState === 'closed' ||
		pc.signalingState === 'have-remote-offer' ||
		Date.now() - started > keepaliveMaxMs;
	let round = 0;
	const timer = setInterval(() => {
		if (done()) return clearInterval(timer);
		if (busy) return;
		const running = reapply(pc, offer, ++round)
			.catch((error: unknown) => {
				console.warn('qrcall: keep-alive re-apply failed', error);
				clearInterval(timer);
			})
			.finally(() => {
				if (busy === running) busy = null;
			});
		busy = running;
	}, reapplyPeriodMs);
	return {
		async exclusive(task) {
			while (busy) await busy;
			const running = task();
			busy = running.catch(() => {});
			try {
				return await running;
			} finally {
				busy = null;
			}
		},
		async stop() {
			clearInterval(timer);
			while (busy) await busy;
		}
	};
}

/**
 * The same offer and answer again. The joiner's early media offer (./early-offer), held in have-local-offer
 * until the channel opens, is rolled back for it and set again after it: Firefox keeps checking only while
 * stable re-applies restart its grace period (measured: a Firefox joiner holding the offer, answer applied
 * 30 s late, 'Could not connect', Chromium and Firefox callers alike).
 */
async function reapply(
	pc: RTCPeerConnection,
	offer: RTCSessionDescriptionInit,
	round: number
): Promise<void> {
	const holding = pc.signalingState === 'have-local-offer';
	if (holding) await pc.setLocalDescription({ type: 'rollback' });
	await pc.setRemoteDescription(offer);
	await setPassiveAnswer(pc);
	// Across two NATs the caller's router drops the answerer's checks until the caller, having read the
	// answer, sends its own; the two meet only while the answerer is still sending (its router lets the
	// caller's checks in as replies, for ~30 s after its last one). Chromium gave a pair up after ~20 s and
	// never checked that candidate again: a caller who read the answer later could not connect (measured in
	// netns-nat-late: 0 of 3 at 45 s before this).
	await renewChecks(pc, offer.sdp ?? '', round);
	if (holding) await pc.setLocalDescription();
}
