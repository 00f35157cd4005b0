// Relayed joins are handled as they arrive (issue 17, bench:group): at a join the introducer's channel to the
// newcomer also carries the two's own audio/video offer and answer, and every other introduction's relays
// used to wait in that channel's one-at-a-time queue until their handling was done. The real control channel
// (rtc/channel.ts) over a stand-in data channel, with the onUrgent peer.ts gives it (group/relay.ts).
import { describe, expect, it } from 'vitest';
import { createControlChannel } from '$lib/rtc/channel';
import { urgentOrRelayedJoin } from '$lib/rtc/group/relay';
import type { PeerMessage } from '$lib/rtc/protocol';

const id = (n: number) => n.toString(16).padStart(16, '0');
const header = { t: 'relay', from: id(1), to: id(2) } as const;
const joinOffer = { ...header, id: 'j1', kind: 'join', description: { type: 'offer', sdp: 'v=0' } };
const joinCandidate = {
	...header,
	id: 'j2',
	kind: 'join',
	candidate: { candidate: 'candidate:1 1 udp 1 10.0.0.2 5 typ host', sdpMid: '0', sdpMLineIndex: 0 }
};
const restart = { ...header, id: 'r1', kind: 'restart', description: { type: 'offer', sdp: 'v=0' } };
const answer = { t: 'sdp', description: { type: 'answer', sdp: 'v=0' } };

/** A channel whose `sdp` handling takes until release(); what was handled, in order, as `t` or `t:kind`. */
function busyChannel() {
	const dc = {
		readyState: 'open',
		binaryType: 'blob',
		send: () => undefined,
		close: () => undefined,
		onopen: null,
		onmessage: null as ((event: { data: string }) => void) | null,
		onclose: null
	};
	const channel = createControlChannel({ createDataChannel: () => dc } as unknown as RTCPeerConnection);
	const handled: string[] = [];
	const name = (message: PeerMessage) => (message.t === 'relay' ? `relay:${message.kind}` : message.t);
	let release = () => {};
	const negotiating = new Promise<void>((resolve) => (release = resolve));
	channel.listen({
		onOpen: () => undefined,
		onUrgent: urgentOrRelayedJoin(
			(message) => message.t === 'ping',
			(message) => handled.push(`${name(message)} (on arrival)`)
		),
		onMessage: async (message) => {
			if (message.t === 'sdp') await negotiating;
			handled.push(name(message));
		},
		onMessageError: (error) => {
			throw error;
		},
		onClose: () => undefined
	});
	return {
		handled,
		release,
		deliver: (message: object) => dc.onmessage?.({ data: JSON.stringify(message) })
	};
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('relayed joins do not wait behind the negotiation of the pair whose channel carries them', () => {
	it('handles a join description and its candidate while that pair is still applying an answer', async () => {
		const { handled, release, deliver } = busyChannel();
		deliver(answer);
		deliver(joinOffer);
		deliver(joinCandidate);
		await tick();
		expect(handled).toEqual(['relay:join (on arrival)', 'relay:join (on arrival)']);
		release();
		await tick();
		expect(handled.at(-1)).toBe('sdp');
	});

	it('keeps a relayed restart, and the pair’s own messages, in their turn', async () => {
		const { handled, release, deliver } = busyChannel();
		deliver(answer);
		deliver(restart);
		deliver({ t: 'media', mic: true, camera: false });
		deliver({ t: 'ping', id: 1 });
		await tick();
		expect(handled).toEqual([]);
		release();
		await tick();
		expect(handled).toEqual(['sdp', 'relay:restart', 'media']);
	});
});
