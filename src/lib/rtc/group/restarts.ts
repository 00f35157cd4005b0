// Relayed ICE restarts (docs/peer-protocol.md, Groups): a pair whose own link is down sends its restart offer,
// and gets its answer, through the members still connected to both ends (./relay). The pair's own rule stays:
// only its caller restarts after a failure (../restart), so two relayed offers never cross. A relaying member
// only forwards; each end takes a relayed restart only from the member it is for, and only with the DTLS
// fingerprint the pair already uses: an ICE restart keeps the certificates, so a relay that swapped the
// fingerprint (to sit in the middle) is refused instead of connecting.
import type { Member } from '../member.svelte';
import type { RelayedDescription } from '../peer-types';
import type { Relay } from './relay';
import { relayedRestartsFromVersion } from './wire';

export interface RestartRoutesOptions {
	/** Members whose pair is open or opening. */
	members(): Member[];
	relay(): Relay;
	/** The DTLS fingerprint an SDP names (rtc/sas), null when it names none. */
	fingerprint(sdp: string): string | null;
}

export interface RestartRoutes {
	/** Our pair with `member` is down: its restart offer goes through the others; false when nobody can. */
	send(member: Member, offer: RelayedDescription): boolean;
	/** A relayed restart description from member `from`: applied, and an offer's answer relayed back. */
	receive(from: string, description: RelayedDescription): Promise<void>;
}

/** Why a relayed restart was refused, for the console and the tests; null when it may be applied. */
export function refusal(
	member: Member | undefined,
	description: RelayedDescription,
	fingerprint: (sdp: string) => string | null
): string | null {
	if (!member) return 'no pair with its sender';
	const ours = fingerprint(member.peer.getDescriptions().remote ?? '');
	if (!ours || fingerprint(description.sdp) !== ours) return 'its DTLS fingerprint is not the pair’s';
	return null;
}

export function createRestartRoutes(options: RestartRoutesOptions): RestartRoutes {
	return {
		send(member, offer) {
			// A member of an earlier version would ignore it: its pair waits for its own link, as before.
			if (member.id === null || member.version < relayedRestartsFromVersion) return false;
			return options.relay().send(member.id, 'restart', offer) > 0;
		},
		async receive(from, description) {
			const member = options.members().find((who) => who.id === from);
			const why = refusal(member, description, options.fingerprint);
			if (why || !member) {
				performance.mark('qrcall:restart-refused');
				console.warn(`qrcall: relayed restart from ${from} refused: ${why}`);
				return;
			}
			performance.mark(`qrcall:restart-relayed-${description.type}`);
			const answer = await member.peer.acceptRelayedRestart(description);
			if (answer) options.relay().send(from, 'restart', answer);
		}
	};
}
