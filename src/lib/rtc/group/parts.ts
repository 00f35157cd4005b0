// The parts of a group call beyond who is in it and what they say (../group.svelte): relayed descriptions,
// relayed ICE restarts, introductions and offers made ahead. They call each other (a relayed join goes to
// the introductions, which answer through the relay…), so they are wired to each other here, once.
import type { IceConfig } from '../ice-servers';
import type { Engine } from '../load-engine';
import type { Member } from '../member.svelte';
import type { LocalTracks, Role } from '../peer';
import { createIntroductions, type Introductions } from './introductions';
import { createPremade, type Premade } from './premade';
import { createRelay, type Relay } from './relay';
import { createRestartRoutes, type RestartRoutes } from './restarts';
import type { Roster } from './roster';

/** What the parts need of the group. */
export interface GroupPartsHost {
	myId(): string;
	roster(): Roster;
	/** Every member, closed ones that could not be reached included. */
	members(): Member[];
	/** Members whose pair is open or opening. */
	live(): Member[];
	/** The engine and ICE settings of this call, once its first pair exists. */
	setup(): { engine: Engine; ice: IceConfig } | null;
	/** A member in the call, for a pair set up through the group. */
	create(engine: Engine, ice: IceConfig, role: Role, id: string): Member;
	/** A member not in the call yet: an offer made ahead (./premade). */
	createDetached(engine: Engine, ice: IceConfig): Member;
	remove(member: Member): void;
	/** An offer made ahead was taken by `id`: its pair joins the call. */
	adopt(member: Member, id: string): boolean;
	tracks(): LocalTracks;
	/** The DTLS fingerprint of an SDP (a relayed restart must keep the pair's). */
	fingerprint(sdp: string): string | null;
}

export interface GroupParts {
	relay: Relay;
	restarts: RestartRoutes;
	introductions: Introductions;
	premade: Premade;
}

export function createGroupParts(host: GroupPartsHost): GroupParts {
	const relay: Relay = createRelay({
		myId: host.myId,
		members: host.live,
		onJoin: (from, description, invite) => introductions.onJoin(from, description, invite),
		onCandidate: (from, candidate) => introductions.onCandidate(from, candidate),
		onRestart: (from, description) => restarts.receive(from, description)
	});
	const restarts = createRestartRoutes({
		members: host.live,
		relay: () => relay,
		fingerprint: host.fingerprint
	});
	const introductions: Introductions = createIntroductions({
		myId: host.myId,
		roster: host.roster,
		members: host.members,
		setup: host.setup,
		create: host.create,
		remove: host.remove,
		relay: () => relay,
		premadeAnswered: (invite, from, description) => premade.answered(invite, from, description)
	});
	const premade = createPremade({
		myId: host.myId,
		members: host.live,
		setup: host.setup,
		createDetached: host.createDetached,
		adopt: host.adopt,
		relay: () => relay,
		tracks: host.tracks
	});
	return { relay, restarts, introductions, premade };
}
