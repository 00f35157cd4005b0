// Why a call could not connect (rtc/diagnose.ts): each reason of issue 12 from the evidence the app has — the
// candidate types of both codes and the ICE servers this device used — and the exact words shown.
import { describe, expect, it } from 'vitest';
import { candidateTypes, diagnoseFailure, failureText, silentRelay } from '../../src/lib/rtc/diagnose';
import type { IceConfig } from '../../src/lib/rtc/ice-servers';
import { fixture } from './signal/helpers';

const sdp = (...types: string[]) =>
	['v=0', ...types.map((t, i) => `a=candidate:${i} 1 udp 100 10.0.${i}.2 5000 typ ${t}`), ''].join('\r\n');
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
