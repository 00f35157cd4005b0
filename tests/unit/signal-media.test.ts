/**
 * The media record (docs/signal-format.md §3.2, §4): audio and video in the code itself. The fixtures are real:
 * each browser's caller offer as qrcall makes it (max-bundle, negotiated data channel, audio and video
 * transceivers), and each browser's answer to the other's offer as the codec rebuilt it.
 */
import { parse } from 'sdp-transform';
import { describe, expect, it } from 'vitest';
import { decode, encode, type Description } from '../../src/lib/signal/index';
import { BitWriter } from '../../src/lib/signal/bits';
import { writeCompact } from '../../src/lib/signal/compact';
import { seal } from '../../src/lib/signal/frame';
import type { Bootstrap, MediaProfile } from '../../src/lib/signal/model';
import { toBootstrap } from '../../src/lib/signal/sdp';
import { CANDIDATES, ORIGIN, errorOf, fixture, qrVersion, withCandidates } from './signal/helpers';

const OFFERS = ['chromium156-av-datachannel-offer', 'firefox153-av-datachannel-offer'] as const;
const ANSWERS = ['chromium156-av-datachannel-answer', 'firefox153-av-datachannel-answer'] as const;

/** A compact code is ~100–160 characters; the lz form of these descriptions is over a thousand. */
const compact = (description: Description) => encode(description).length < 200;

/** What a media section's receiver and sender go by: mid, codec, extensions, direction, bundle. */
function mediaFacts(sdp: string) {
	const session = parse(sdp);
	return {
		bundle: session.groups?.find((group) => group.type === 'BUNDLE')?.mids,
		sections: session.media.map((media) => ({
			type: media.type,
			mid: String(media.mid),
			direction: media.type === 'application' ? undefined : media.direction,
			codecs: media.rtp.map((rtp) => `${rtp.payload} ${rtp.codec}/${rtp.rate}`),
			extensions: (media.ext ?? []).map((ext) => `${ext.value} ${ext.uri}`).sort()
		}))
	};
}

describe('the media record', () => {
	it('carries the Chromium offer: opus 111 and VP8 96 at its extension ids, sendrecv', () => {
		const offer = fixture(OFFERS[0]);
		expect(toBootstrap('offer', offer.sdp)?.media).toEqual({
			audio: {
				direction: 'sendrecv',
				payloadType: 111,
				extensions: { mid: 4, transportCc: 3, audioLevel: 1 }
			},
			video: { direction: 'sendrecv', payloadType: 96, extensions: { mid: 4, transportCc: 3, audioLevel: 0 } }
		} satisfies MediaProfile);
	});

	it('carries the Firefox offer, whose bundled sections have port 0 and a=bundle-only', () => {
		const offer = fixture(OFFERS[1]);
		expect(parse(offer.sdp).media[1]).toMatchObject({ type: 'video', port: 0, bundleOnly: 'bundle-only' });
		expect(toBootstrap('offer', offer.sdp)?.media).toEqual({
			audio: {
				direction: 'sendrecv',
				payloadType: 109,
				extensions: { mid: 3, transportCc: 7, audioLevel: 1 }
			},
			video: {
				direction: 'sendrecv',
				payloadType: 120,
				extensions: { mid: 3, transportCc: 7, audioLevel: 0 }
			}
		} satisfies MediaProfile);
	});

	it.each(['chromium156-av-offer', 'firefox153-av-offer'])(
		'%s (shared fixtures) has a media record',
		(name) => {
			expect(toBootstrap('offer', fixture(name).sdp)?.media?.video.payloadType).toBeGreaterThanOrEqual(96);
		}
	);

	it.each(OFFERS)(
		'%s: the rebuilt offer has audio, video and data, bundled, at the sender’s numbers',
		(name) => {
			const offer = fixture(name);
			const rebuilt = decode(encode(offer)).sdp;
			const before = mediaFacts(offer.sdp).sections;
			const after = mediaFacts(rebuilt);
			expect(after.bundle).toBe('0 1 2');
			expect(after.sections.map((s) => [s.type, s.mid, s.direction])).toEqual([
				['audio', '0', 'sendrecv'],
				['video', '1', 'sendrecv'],
				['application', '2', undefined]
			]);
			// One codec each, at the offer's own payload type, and a subset of the offer's own extensions.
			for (const [i, codec] of [/opus\/48000$/, /VP8\/90000$/].entries()) {
				expect(after.sections[i]?.codecs).toHaveLength(1);
				expect(after.sections[i]?.codecs[0]).toMatch(codec);
				expect(before[i]?.codecs).toContain(after.sections[i]?.codecs[0]);
				for (const ext of after.sections[i]?.extensions ?? []) expect(before[i]?.extensions).toContain(ext);
			}
			// The bundle's candidates are in its first section; the data section has none.
			expect(parse(rebuilt).media[0]?.candidates?.length).toBeGreaterThan(0);
			expect(parse(rebuilt).media[2]?.candidates).toBeUndefined();
		}
	);

	it.each(ANSWERS)('%s: the answer the caller rebuilds says what the joiner really set', (name) => {
		const answer = fixture(name);
		expect(compact(answer)).toBe(true);
		expect(mediaFacts(decode(encode(answer)).sdp)).toEqual(mediaFacts(answer.sdp));
	});

	it('keeps a joiner’s missing camera: its answer’s video is recvonly in the rebuilt one too', () => {
		const answer = fixture(ANSWERS[0]);
		const sdp = answer.sdp.replace(/(m=video[\s\S]*?)a=sendrecv/, '$1a=recvonly');
		expect(mediaFacts(decode(encode({ ...answer, sdp })).sdp).sections[1]?.direction).toBe('recvonly');
	});

	it('sends in the lz form what the rebuilt description could not say', () => {
		const answer = fixture(ANSWERS[0]);
		const offer = fixture(OFFERS[0]);
		const cases: [string, Description][] = [
			// An answer with an extension the rebuilt one lacks: one side would use it, the other not.
			[
				'extra extension',
				{
					...answer,
					sdp: answer.sdp.replace(
						'a=mid:1\r\n',
						'a=mid:1\r\na=extmap:9 urn:ietf:params:rtp-hdrext:toffset\r\n'
					)
				}
			],
			// A rejected section: the caller sets audio/video up over the channel instead.
			['rejected video', { ...answer, sdp: answer.sdp.replace(/^m=video 9 /m, 'm=video 0 ') }],
			[
				'a second codec in an answer',
				{ ...answer, sdp: answer.sdp.replace(/^(m=video 9 \S+ 120)/m, '$1 121') }
			],
			['no VP8', { ...offer, sdp: offer.sdp.replace(/VP8\/90000/g, 'VP7/90000') }],
			[
				'no mid extension',
				{ ...offer, sdp: offer.sdp.replace(/^a=extmap:\d+ urn:ietf:params:rtp-hdrext:sdes:mid\r\n/gm, '') }
			],
			[
				'another mid',
				{
					...offer,
					sdp: offer.sdp.replace('a=mid:1\r\n', 'a=mid:v\r\n').replace('BUNDLE 0 1 2', 'BUNDLE 0 v 2')
				}
			]
		];
		for (const [what, description] of cases) {
			expect({ what, compact: compact(description) }).toEqual({ what, compact: false });
			expect(decode(encode(description)).sdp).toBe(description.sdp);
		}
	});

	it('costs 13 bits for the numbers Chromium and Firefox offer: a QR version more only for a lone IPv4 host', () => {
		const versions = (name: string) =>
			[
				[CANDIDATES.ipv4],
				[CANDIDATES.ipv4, CANDIDATES.ipv6],
				[CANDIDATES.ipv4, CANDIDATES.srflx],
				[CANDIDATES.mdnsA, CANDIDATES.mdnsB]
			].map((lines) => qrVersion(encode(withCandidates(fixture(name), lines), { origin: ORIGIN })));
		for (const name of [...OFFERS, ...ANSWERS]) expect(versions(name)).toEqual([6, 6, 6, 7]);
		// Without a media record: 5 for a lone IPv4 host (signal.test.ts).
		expect(versions('chromium156-datachannel-offer')).toEqual([5, 6, 6, 7]);
	});

	it('carries other numbers in full (35 bits): two hosts then take version 7', () => {
		const offer = fixture(OFFERS[0]);
		const sdp = offer.sdp.replace(/\b111\b/g, '100').replace(/^a=extmap:4 /gm, 'a=extmap:9 ');
		const other = withCandidates({ ...offer, sdp }, [CANDIDATES.ipv4, CANDIDATES.ipv6]);
		const code = encode(other, { origin: ORIGIN });
		expect(qrVersion(code)).toBe(7);
		expect(toBootstrap('offer', decode(code).sdp)?.media?.audio).toEqual({
			direction: 'sendrecv',
			payloadType: 100,
			extensions: { mid: 9, transportCc: 3, audioLevel: 1 }
		});
	});

	it('refuses a record whose mid extension id is 0 as damaged', () => {
		const bootstrap = toBootstrap('offer', fixture(OFFERS[0]).sdp) as Bootstrap;
		const broken = {
			...bootstrap,
			media: {
				...bootstrap.media,
				video: { ...bootstrap.media?.video, extensions: { mid: 0, transportCc: 3, audioLevel: 0 } }
			}
		} as Bootstrap;
		expect(errorOf(() => decode(seal(writeCompact(broken)))).code).toBe('ERR_CORRUPT');
		expect(decode(seal(writeCompact(bootstrap))).sdp).toContain('a=mid:1');
	});

	it('reads a profile number it does not know as a newer version’s', () => {
		const bootstrap = toBootstrap('offer', fixture(OFFERS[0]).sdp) as Bootstrap;
		const known = writeCompact(bootstrap);
		const plain = writeCompact({ ...bootstrap, media: null });
		// The record is the last field: extension 3 (01 00 11), `1` (known numbers), profile 00 (Chromium); 10 is
		// unassigned.
		const bits = known.toBigInt().toString(2).padStart(known.length, '0');
		const record = bits.slice(plain.length);
		expect(record.slice(0, 9)).toBe('010011' + '100');
		const newer = new BitWriter();
		for (const bit of bits.slice(0, plain.length) + record.slice(0, 7) + '10' + record.slice(9))
			newer.write(Number(bit), 1);
		expect(errorOf(() => decode(seal(newer))).code).toBe('ERR_NEWER_VERSION');
	});
});
