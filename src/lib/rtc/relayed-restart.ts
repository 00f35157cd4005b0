// A restart description that came through other members of a group (group/restarts) because this pair's own
// link is down: the offer is answered the same way, with the candidates gathered in the answer (nothing can
// trickle over the dead channel), and an answer is applied only to the offer that was relayed. peer.ts owns
// the connection and hands it here with the parts this needs.
import { gatherWithTimeout, hostOnlyTimeoutMs } from './gather';
import type { Negotiation } from './negotiation';
import type { RelayedDescription } from './peer-types';
import type { RestartPolicy } from './restart';

/**
 * Applies a relayed restart description; resolves with the answer to relay back for an offer, else null.
 * Ignored (null) when it does not fit: an offer while this pair's own link works (it carries restarts
 * itself), an answer to an offer that is no longer pending (replaced, or answered over the channel).
 */
export async function acceptRelayedRestart(
	pc: RTCPeerConnection,
	parts: { negotiation: Negotiation; restart: RestartPolicy },
	description: RelayedDescription
): Promise<RelayedDescription | null> {
	if (description.type === 'answer') {
		if (parts.restart.awaitsRelayedAnswer()) await parts.negotiation.handleDescription(description);
		return null;
	}
	if (pc.connectionState === 'connected' || pc.connectionState === 'closed') return null;
	let answer: RelayedDescription | null = null;
	await parts.negotiation.handleDescription(description, {
		keep: async () => {
			// Host candidates come within tens of ms; a STUN/TURN one is waited for no longer than the code's.
			await gatherWithTimeout(pc, hostOnlyTimeoutMs);
			return true;
		},
		send: (message) => {
			if (message.t === 'sdp' && message.description.type === 'answer')
				answer = { type: 'answer', sdp: message.description.sdp ?? '' };
		}
	});
	return answer;
}
