// The peer as the rest of the app sees it (the Peer interface, ./peer-types): each call goes to the part of
// ./peer that owns it. Kept apart from the wiring in ./peer so that each file reads in one sitting.
import { adaptSenders } from './adapt';
import { isUserMessage } from './hold';
import type { Local, Parts } from './peer';
import type { CloseReason, Peer, Role } from './peer-types';
import { receivedLevel } from './received-level';
import { acceptRelayedRestart } from './relayed-restart';

/** Time given to the hang-up message to leave before the connection closes. */
export const byeFlushMs = 250;

/** The peer as session.svelte.ts sees it. */
export function surface(parts: Parts, role: Role, local: Local, close: (reason: CloseReason) => void): Peer {
	const { pc, channel, media, bootstrap, hold, startSize } = parts;
	return {
		role,
		createOffer: bootstrap.createOffer,
		acceptOffer: bootstrap.acceptOffer,
		acceptAnswer: bootstrap.acceptAnswer,
		addRelayedCandidate: bootstrap.addRelayedCandidate,
		async setTracks(next) {
			local.tracks = next;
			await media.attach(next);
		},
		shareScreen: (track) => media.shareScreen(track),
		setReceivers(receivers) {
			if (receivers === local.receivers) return;
			local.receivers = receivers;
			if (!local.closed && pc.signalingState === 'stable')
				void adaptSenders(pc, receivers, startSize.starting);
		},
		acceptRelayedRestart: (description) => acceptRelayedRestart(pc, parts, description),
		retryMedia() {
			// A joiner whose early offer went unanswered (a caller that cannot answer it: another stack), or that
			// has none, asks the caller to offer; the caller's offer wins over one of the joiner's (polite).
			const { negotiation } = parts;
			if (role === 'joiner' && (pc.signalingState === 'stable' || negotiation.earlyOfferPending()))
				channel.send({ t: 'renegotiate' });
			else void negotiation.retry();
		},
		sendMediaState: (state) => void hold.send({ t: 'media', mic: state.mic, camera: state.camera }),
		send(message, options) {
			if (isUserMessage(message)) void hold.send(message);
			else channel.send(message, options);
		},
		sendUser: (message) => hold.send(message),
		whenLinkUp: hold.whenUp,
		createChannel: (label, init) => pc.createDataChannel(label, init),
		maxMessageSize: () => pc.sctp?.maxMessageSize ?? 0,
		hangUp() {
			if (local.closed) return;
			if (channel.isOpen()) {
				channel.send({ t: 'bye' });
				setTimeout(() => close('hangup'), byeFlushMs);
			} else close('hangup');
		},
		destroy: (reason = 'replaced') => close(reason),
		audioLevel: receivedLevel(pc),
		getStats: () => pc.getStats(),
		getDescriptions: () => ({
			local: pc.currentLocalDescription?.sdp ?? null,
			remote: pc.currentRemoteDescription?.sdp ?? null
		})
	};
}
