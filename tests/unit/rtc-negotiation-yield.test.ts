// Who yields in a collision (rtc/negotiation.ts yieldsTo): the joiner, except when both offers are ICE
// restarts, where the caller does. Real SDP lines are not needed: only the ICE ufrags are read.
import { describe, expect, it } from 'vitest';
import { yieldsTo } from '../../src/lib/rtc/negotiation';

const sdp = (ufrag: string) => `v=0\r\na=ice-ufrag:${ufrag}\r\n`;
/** A connection that negotiated local `mine`/remote `theirs` and now holds `pending` as its own offer. */
const connection = (pending: string | null) =>
	({
		currentLocalDescription: { type: 'offer', sdp: sdp('mine') },
		currentRemoteDescription: { type: 'answer', sdp: sdp('theirs') },
		pendingLocalDescription: pending === null ? null : { type: 'offer', sdp: sdp(pending) }
	}) as unknown as RTCPeerConnection;
const restartOffer = { type: 'offer', sdp: sdp('theirs2') } as const;
const plainOffer = { type: 'offer', sdp: sdp('theirs') } as const;

describe('perfect negotiation: who yields', () => {
	it('the joiner yields to an ordinary offer, the caller does not', () => {
		expect(yieldsTo(connection('mine'), 'joiner', plainOffer)).toBe(true);
		expect(yieldsTo(connection('mine'), 'caller', plainOffer)).toBe(false);
	});

	it('when both offers are ICE restarts the caller yields and the joiner keeps its own', () => {
		expect(yieldsTo(connection('mine2'), 'caller', restartOffer)).toBe(true);
		expect(yieldsTo(connection('mine2'), 'joiner', restartOffer)).toBe(false);
	});

	it('a restart against an ordinary offer keeps the usual roles', () => {
		// Only one of the two offers restarts ICE: the joiner yields as always.
		expect(yieldsTo(connection('mine'), 'joiner', restartOffer)).toBe(true);
		expect(yieldsTo(connection('mine2'), 'caller', plainOffer)).toBe(false);
		expect(yieldsTo(connection(null), 'caller', restartOffer)).toBe(false);
	});
});
