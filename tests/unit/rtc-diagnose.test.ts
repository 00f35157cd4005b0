// Why a call could not connect (rtc/diagnose.ts): each reason of issue 12 from the evidence the app has — the
// candidate types of both codes and the ICE servers this device used — and the exact words shown.
import { describe, expect, it } from 'vitest';
import {
	candidateTypes,
	diagnoseFailure,
	failureText,
	silentRelay,
	unreachableText
} from '../../src/lib/rtc/diagnose';
import type { IceConfig } from '../../src/lib/rtc/ice-servers';
import { fixture } from './signal/helpers';

/** A description with candidates of these types, each description on networks of its own. */
let networks = 0;
const sdp = (...types: string[]) => {
	networks += 1;
	const lines = types.map((t, i) => `a=candidate:${i} 1 udp 100 10.${networks}.${i}.2 5000 typ ${t}`);
	return ['v=0', ...lines, ''].join('\r\n');
};
/** A description with one local address. */
const hostAt = (address: string) => `v=0\r\na=candidate:1 1 udp 2122260223 ${address} 40617 typ host\r\n`;
const none: IceConfig = { iceServers: [], iceTransportPolicy: 'all' };
const stun: IceConfig = { iceServers: [{ urls: 'stun:10.88.0.1:3478' }], iceTransportPolicy: 'all' };
const turn = (relayOnly: boolean): IceConfig => ({
	iceServers: [
		{ urls: ['stun:10.88.0.1:3478', 'turn:10.88.0.1:3478?transport=udp'], username: 'u', credential: 'p' }
	],
	iceTransportPolicy: relayOnly ? 'relay' : 'all'
});

describe('candidateTypes', () => {
	it('reads the types of a real browser description', () => {
		const firefox = fixture('firefox153-datachannel-mdns-offer').sdp;
		expect([...candidateTypes(firefox)]).toEqual(['host']);
		expect([...candidateTypes(sdp('host', 'srflx', 'relay'))]).toEqual(['host', 'srflx', 'relay']);
		expect(candidateTypes(null).size).toBe(0);
	});
});

describe('diagnoseFailure', () => {
	it('only local addresses and no server: different networks', () => {
		const failure = diagnoseFailure({ local: sdp('host'), remote: sdp('host'), ice: none });
		expect(failure).toEqual({ reason: 'different-networks' });
		expect(failureText(failure)).toBe(
			'You are on different networks and no server was used to find a way through — connect to the same Wi-Fi, or add a STUN/TURN server in Settings.'
		);
	});

	it('local addresses on one network and still no pair: the network between them blocks the call', () => {
		for (const ice of [none, stun]) {
			const failure = diagnoseFailure({ local: hostAt('10.78.0.3'), remote: hostAt('10.78.0.2'), ice });
			expect(failure).toEqual({ reason: 'blocked' });
		}
		expect(failureText({ reason: 'blocked' })).toBe(
			'You are on the same network, but it blocks calls between your devices (a firewall, or Wi-Fi that keeps devices apart) — try another network, or add a TURN server in Settings.'
		);
		// Another /24, or a name instead of an address (mDNS): no evidence of one network.
		const apart = { local: hostAt('10.78.0.3'), remote: hostAt('10.78.1.2'), ice: none };
		expect(diagnoseFailure(apart)).toEqual({ reason: 'different-networks' });
		const named = `v=0\r\na=candidate:1 1 udp 2122260223 0f1e2d3c.local 40617 typ host\r\n`;
		expect(diagnoseFailure({ ...apart, remote: named })).toEqual({ reason: 'different-networks' });
	});

	it('public addresses exchanged (either code) and every check failed: a TURN relay is needed', () => {
		for (const [local, remote] of [
			[sdp('host', 'srflx'), sdp('host', 'srflx')],
			[sdp('host'), sdp('host', 'srflx')],
			[sdp('host', 'srflx'), sdp('host')]
		] as const) {
			const failure = diagnoseFailure({ local, remote, ice: stun });
			expect(failure).toEqual({ reason: 'turn-needed' });
			expect(failureText(failure)).toBe(
				'Your networks block direct calls — a TURN relay is needed (Settings).'
			);
		}
	});

	it('a TURN server set up but no relay candidate here: names the server, without its query', () => {
		for (const relayOnly of [false, true]) {
			const failure = diagnoseFailure({
				local: sdp('host', 'srflx'),
				remote: sdp('host'),
				ice: turn(relayOnly)
			});
			expect(failure).toEqual({ reason: 'server-silent', kind: 'TURN', server: 'turn:10.88.0.1:3478' });
			expect(failureText(failure)).toBe(
				'The TURN server turn:10.88.0.1:3478 did not answer — check it in Settings, or connect to the same Wi-Fi.'
			);
		}
	});

	it('a TURN server that did give a relay candidate is not blamed', () => {
		const failure = diagnoseFailure({ local: sdp('relay'), remote: sdp('relay'), ice: turn(true) });
		expect(failure).toEqual({ reason: 'turn-needed' });
	});

	it('a STUN server that gave no public address, and none came from the other side: names the server', () => {
		const failure = diagnoseFailure({ local: sdp('host'), remote: sdp('host'), ice: stun });
		expect(failure).toEqual({ reason: 'server-silent', kind: 'STUN', server: 'stun:10.88.0.1:3478' });
	});
});

describe('silentRelay (relay-only gathering found nothing)', () => {
	it('names the TURN server only when relay-only is on and a TURN server is set', () => {
		expect(silentRelay(turn(true))).toEqual({
			reason: 'server-silent',
			kind: 'TURN',
			server: 'turn:10.88.0.1:3478'
		});
		expect(silentRelay(turn(false))).toBeNull();
		expect(silentRelay({ iceServers: [], iceTransportPolicy: 'relay' })).toBeNull();
	});
});

describe('unreachableText', () => {
	it('a member’s tile names whom it cannot reach and, in short, why', () => {
		expect(unreachableText('Bob', { reason: 'blocked' })).toBe(
			"Can't reach Bob — the network between you blocks the call."
		);
		expect(unreachableText('Bob', { reason: 'different-networks' })).toBe(
			"Can't reach Bob — you are on different networks."
		);
		expect(unreachableText('Bob', { reason: 'turn-needed' })).toBe(
			"Can't reach Bob — your networks need a TURN relay."
		);
		expect(unreachableText('Bob', { reason: 'server-silent', kind: 'STUN', server: 'stun:x:3478' })).toBe(
			"Can't reach Bob — the STUN server did not answer."
		);
		expect(unreachableText('Bob', null)).toBe("Can't reach Bob — no answer came through the group.");
	});
});
