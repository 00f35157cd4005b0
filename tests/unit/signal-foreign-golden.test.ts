// Issue 14 §3: golden round trips of a foreign WebRTC stack's real descriptions. The two .sdp files are what
// node-datachannel 0.33.4 (libdatachannel 0.24.5) wrote, unedited: an offer with its default
// a=max-message-size:262144 and an answer to it from a peer configured with maxMessageSize 16384 (4-character
// ufrag, 22-character pwd: the codec's generic base64 credentials; IPv6 before IPv4). Their codes are frozen in
// ../fixtures/signal/libdatachannel0.24-codes.json: a change of the wire format shows here first.
// Every field the compact form carries is read from the SDP with sdp-transform (not with the codec) before and
// after encode → decode, and compared.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { decode, encode, type Description } from '../../src/lib/signal/index';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

const offer: Description = { type: 'offer', sdp: read('sdp/libdatachannel0.24-datachannel-offer.sdp') };
const answer: Description = { type: 'answer', sdp: read('sdp/libdatachannel0.24-datachannel-answer.sdp') };
const golden = JSON.parse(read('signal/libdatachannel0.24-codes.json')) as { offer: string; answer: string };

/** Everything the compact form promises to carry, read independently of the codec. */
function fields(sdp: string) {
	const session = parse(sdp);
	expect(session.media).toHaveLength(1);
	const media = session.media[0]!;
	const iceLite = (media as { icelite?: string }).icelite ?? session.icelite;
	return {
		media: `${media.type} ${media.protocol} ${media.payloads}`,
		mid: String(media.mid),
		sctpPort: media.sctpPort,
		ufrag: String(media.iceUfrag ?? session.iceUfrag),
		pwd: String(media.icePwd ?? session.icePwd),
		fingerprint: (media.fingerprint ?? session.fingerprint)!.hash.toUpperCase(),
		fingerprintType: (media.fingerprint ?? session.fingerprint)!.type.toLowerCase(),
		setup: media.setup ?? session.setup,
		iceLite: iceLite !== undefined,
		maxMessageSize: media.maxMessageSize,
		candidates: (media.candidates ?? []).map((c) => ({
			address: String(c.ip),
			port: c.port,
			type: c.type,
			transport: c.transport.toLowerCase(),
			component: c.component
		}))
	};
}

/** The real answer with `a=ice-lite` in its media section, where libdatachannel writes it (derived, not captured). */
const liteAnswer: Description = {
	type: 'answer',
	sdp: answer.sdp.replace('a=mid:0\r\n', 'a=mid:0\r\na=ice-lite\r\n')
};

describe('golden round trip of node-datachannel (libdatachannel 0.24.5) descriptions', () => {
	it('the fixtures are what the test claims: both candidates, the declared sizes, no ice-lite', () => {
		expect(fields(offer.sdp)).toMatchObject({ maxMessageSize: 262_144, setup: 'actpass', iceLite: false });
		expect(fields(answer.sdp)).toMatchObject({ maxMessageSize: 16_384, setup: 'active', iceLite: false });
		expect(fields(answer.sdp).candidates.map((c) => c.address)).toEqual(['fd00::2', '192.0.2.2']);
		expect(fields(liteAnswer.sdp).iceLite).toBe(true);
	});

	it('encodes to the frozen codes', () => {
		expect(encode(offer)).toBe(golden.offer);
		expect(encode(answer, { answering: offer.sdp })).toBe(golden.answer);
	});

	it.each([
		['offer', offer, undefined],
		['answer (max-message-size 16384)', answer, offer.sdp],
		['answer with a=ice-lite in the media section', liteAnswer, offer.sdp]
	] as const)('%s: every field survives encode → decode', (_, description, answering) => {
		const code = encode(description, { answering, origin: 'https://qrcall.app/' });
		const back = decode(code, { expect: description.type, answering });
		expect(back.type).toBe(description.type);
		expect(fields(back.sdp)).toEqual(fields(description.sdp));
	});

	it('the frozen codes decode to the same fields (an old code keeps its meaning)', () => {
		expect(fields(decode(golden.offer, { expect: 'offer' }).sdp)).toEqual(fields(offer.sdp));
		const back = decode(golden.answer, { expect: 'answer', answering: offer.sdp });
		expect(fields(back.sdp)).toEqual(fields(answer.sdp));
	});
});
