// How stage two's descriptions go over the control channel (rtc/negotiation.ts descriptionFrame): deflated
// (when long) only when they restart ICE, which may have to cross a link that works one way only at first;
// every other description as text at once, sparing the deflate and inflate pipelines' task hops.
import { describe, expect, it, vi } from 'vitest';
import { createControlChannel } from '../../src/lib/rtc/channel';
import { descriptionFrame } from '../../src/lib/rtc/negotiation';
import type { PeerMessage } from '../../src/lib/rtc/protocol';
import { fixture } from './signal/helpers';

const av = fixture('chromium156-av-offer');
const ufrag = /^a=ice-ufrag:(\S+)/m.exec(av.sdp ?? '')?.[1] ?? '';

describe('stage two descriptions: text unless they restart ICE', () => {
	it('a description on the session both sides hold (same ufrag) goes as text', () => {
		expect(descriptionFrame(av.sdp ?? '', ufrag)).toEqual({ text: true });
	});

	it('a description with a new ufrag (an ICE restart, its offer or its answer) may be deflated', () => {
		expect(descriptionFrame(av.sdp ?? '', 'old1')).toEqual({ text: false });
	});

	it('the channel sends a long description as text when told to, even to a peer that inflates', async () => {
		const sent: (string | ArrayBuffer)[] = [];
		const dc = {
			readyState: 'open',
			send: (data: string | ArrayBuffer) => sent.push(data),
			onmessage: null as ((event: { data: string }) => void) | null
		};
		const channel = createControlChannel({ createDataChannel: () => dc } as unknown as RTCPeerConnection);
		channel.listen({
			onOpen: () => undefined,
			onUrgent: () => false,
			onMessage: async () => undefined,
			onMessageError: (error) => {
				throw error;
			},
			onClose: () => undefined
		});
		dc.onmessage?.({ data: JSON.stringify({ t: 'hello', v: 5, id: '0123456789abcdef', name: '' }) });
		const offer: PeerMessage = { t: 'sdp', description: av };
		channel.send(offer, descriptionFrame(av.sdp ?? '', ufrag));
		channel.send(offer, descriptionFrame(av.sdp ?? '', 'old1'));
		await vi.waitFor(() => expect(sent).toHaveLength(2));
		expect(sent[0]).toBe(JSON.stringify(offer));
		expect(typeof sent[1]).not.toBe('string');
	});
});
