// Why a call that never connected could not connect, from evidence the app already has: the candidate types
// in both codes (the local and remote descriptions) and the ICE servers this device used. Pure: no
// RTCPeerConnection here, so every branch is unit-tested (tests/unit/rtc-diagnose.test.ts).
import { m } from '$lib/paraglide/messages';
import type { IceConfig } from './ice-servers';

export type ConnectFailure =
	/**
	 * Both sides gave a local address on the same network (IPv4 /24) and still no pair worked: something on
	 * that network blocks them (a firewall, a Wi-Fi's client isolation).
	 */
	| { reason: 'blocked' }
	/** Only local (host) addresses on both sides and no server to find a way between them. */
	| { reason: 'different-networks' }
	/** Public (server-reflexive/relay) addresses were exchanged and still no pair worked. */
	| { reason: 'turn-needed' }
	/** A configured STUN/TURN server gave this device no candidate of its kind: it did not answer. */
	| { reason: 'server-silent'; server: string; kind: 'TURN' | 'STUN' };

export type CandidateType = 'host' | 'srflx' | 'prflx' | 'relay';

/** The candidate types an SDP carries. */
export function candidateTypes(sdp: string | null | undefined): Set<CandidateType> {
	const types = new Set<CandidateType>();
	for (const match of (sdp ?? '').matchAll(/^a=candidate:.* typ (host|srflx|prflx|relay)\b/gm)) {
		types.add(match[1] as CandidateType);
	}
	return types;
}

/** Every URL of the configured servers of one kind (turn: and turns:, or stun: and stuns:). */
function serverUrls(ice: IceConfig, kind: 'TURN' | 'STUN'): string[] {
	const prefix = kind === 'TURN' ? /^turns?:/i : /^stuns?:/i;
	return ice.iceServers
		.flatMap((s) => (typeof s.urls === 'string' ? [s.urls] : s.urls))
		.filter((u) => prefix.test(u));
}

/** `turn:host:port` as a person reads it: without the `?transport=…` query. */
export const serverName = (url: string) => url.replace(/\?.*$/, '');

/** The first configured server of a kind, named for the message ("The TURN server turn:host:port …"). */
function silent(ice: IceConfig, kind: 'TURN' | 'STUN'): ConnectFailure | null {
	const url = serverUrls(ice, kind)[0];
	return url ? { reason: 'server-silent', server: serverName(url), kind } : null;
}

export interface Evidence {
	/** This device's description (its code). */
	local: string | null;
	/** The other device's description (the code read from it). */
	remote: string | null;
	ice: IceConfig;
}

/** The IPv4 /24 networks of an SDP's host candidates (raw addresses: an mDNS name says nothing). */
function hostNetworks(sdp: string | null | undefined): Set<string> {
	const nets = new Set<string>();
	for (const match of (sdp ?? '').matchAll(
		/^a=candidate:\S+ \d+ \S+ \d+ (\d+\.\d+\.\d+)\.\d+ \d+ typ host\b/gm
	))
		nets.add(match[1]!);
	return nets;
}

/** Whether both descriptions name a local address on one network. */
function sameNetwork(local: string | null, remote: string | null): boolean {
	const theirs = hostNetworks(remote);
	return [...hostNetworks(local)].some((net) => theirs.has(net));
}

export function diagnoseFailure({ local, remote, ice }: Evidence): ConnectFailure {
	const mine = candidateTypes(local);
	const theirs = candidateTypes(remote);
	if (!mine.has('relay')) {
		const turn = silent(ice, 'TURN');
		if (turn) return turn;
	}
	if (sameNetwork(local, remote)) return { reason: 'blocked' };
	const isPublic = (types: Set<CandidateType>) => types.has('srflx') || types.has('relay');
	if (isPublic(mine) || isPublic(theirs)) return { reason: 'turn-needed' };
	// A STUN server that gave nothing: without it only local addresses were there to try.
	if (ice.iceTransportPolicy !== 'relay') return silent(ice, 'STUN') ?? { reason: 'different-networks' };
	return { reason: 'different-networks' };
}

/** Relay-only gathering that found nothing: the TURN server did not answer (null: no TURN server set). */
export function silentRelay(ice: IceConfig): ConnectFailure | null {
	return ice.iceTransportPolicy === 'relay' ? silent(ice, 'TURN') : null;
}

/** What the "Could not connect" screen says: what happened and what to do next. */
export function failureText(failure: ConnectFailure): string {
	switch (failure.reason) {
		case 'blocked':
			return m.failure_blocked();
		case 'different-networks':
			return m.failure_different_networks();
		case 'turn-needed':
			return m.failure_turn_needed();
		case 'server-silent':
			return m.failure_server_silent({ kind: failure.kind, server: failure.server });
	}
}

/**
 * What a member's tile says of a pair that never connected: whom it cannot reach and, in short, why (the
 * People panel gives failureText's whole sentence). Null: no answer came through the group.
 */
export function unreachableText(name: string, failure: ConnectFailure | null): string {
	switch (failure?.reason) {
		case 'blocked':
			return m.tile_unreachable_blocked({ name });
		case 'different-networks':
			return m.tile_unreachable_networks({ name });
		case 'turn-needed':
			return m.tile_unreachable_turn({ name });
		case 'server-silent':
			return m.tile_unreachable_server({ name, kind: failure.kind });
		default:
			return m.tile_unreachable_no_answer({ name });
	}
}
