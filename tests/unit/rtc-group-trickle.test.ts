// Trickled joins, peer protocol 7 (issue 17, bench:group): a relayed join's description goes at its first
// candidate and the rest follow as `relay { candidate }`, only when both ends and a member carrying them
// speak version 7; our candidates never overtake the description, and the other side's that come before its
// offer wait for it. Real Group code over the simulated network (./group-sim); the browsers' side is
// tests/e2e/group*.spec.ts and bench:group.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createJoinCandidates, maxCandidatesBeforeOffer } from '$lib/rtc/group/candidates';
import type { Relay } from '$lib/rtc/group/relay';
import { emptyRoster } from '$lib/rtc/group/roster';
import { maxCandidateLength, maxMidLength, parseGroupMessage } from '$lib/rtc/group/wire';
import { candidateInbox, maxEarlyCandidates, trickleOut } from '$lib/rtc/join-trickle';
import type { Member } from '$lib/rtc/member.svelte';
import { Net, Person, type FakePeer } from './group-sim';

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

const settle = (ms = 2_000) => vi.advanceTimersByTimeAsync(ms);
const id = (n: number) => n.toString(16).padStart(16, '0');
const candidate = (line = 'candidate:1 1 udp 2122260223 10.0.0.2 50000 typ host') => ({
	candidate: line,
	sdpMid: '0',
	sdpMLineIndex: 0
});
const relay = (more: Record<string, unknown>) =>
	parseGroupMessage({ t: 'relay', id: 'r1', from: id(1), to: id(2), kind: 'join', ...more });

describe('a relayed candidate (version 7) is parsed within bounds', () => {
	it('keeps a candidate, and the empty one that ends them', () => {
		expect(relay({ candidate: candidate() })).toEqual({
			t: 'relay',
			id: 'r1',
			from: id(1),
			to: id(2),
			kind: 'join',
			candidate: candidate()
		});
		expect(relay({ candidate: { candidate: '', sdpMid: '0' } })).toMatchObject({
			candidate: { candidate: '', sdpMid: '0', sdpMLineIndex: null }
		});
	});

	it('drops one that is too long, points at no m-line or at a bad one, or rides on a restart', () => {
		const bad = [
			{ candidate: { ...candidate(), candidate: 'c'.repeat(maxCandidateLength + 1) } },
			{ candidate: { ...candidate(), sdpMid: 'm'.repeat(maxMidLength + 1) } },
			{ candidate: { candidate: 'x', sdpMid: null, sdpMLineIndex: null } },
			{ candidate: { candidate: 'x', sdpMLineIndex: -1 } },
			{ candidate: { candidate: 'x', sdpMLineIndex: 64 } },
			{ candidate: { candidate: 'x', sdpMLineIndex: 0.5 } },
			{ candidate: { candidate: 7, sdpMid: '0' } },
			{ candidate: 'candidate:1' },
			{ kind: 'restart', candidate: candidate() }
		];
		for (const more of bad) expect(relay(more), JSON.stringify(more)).toBeNull();
		expect(
			relay({ candidate: { ...candidate(), candidate: 'c'.repeat(maxCandidateLength) } })
		).not.toBeNull();
	});
});

/** `me`'s peer for its pair with `other`. */
const peerOf = (me: Person, other: Person) =>
	me.group.live.find((who) => who.id === other.id)?.peer as unknown as FakePeer | undefined;

/**
 * A calls B, A adds C: the B–C pair is the one introduced through A, with relayed offers both ways (not one
 * made ahead, which goes whole: rtc-group-premade).
 */
async function threeWith(net: Net, a = new Person(net), b = new Person(net), c = new Person(net)) {
	await a.add(b);
	await settle();
	await a.add(c, { ahead: false });
	await settle();
	expect(b.connected).toContain(c.id);
	return [a, b, c] as const;
}

describe('relayed joins trickle between members of version 7', () => {
	it('each end trickles, and its candidate reaches the other after the description it follows', async () => {
		const [, b, c] = await threeWith(new Net());
		for (const [me, other] of [
			[b, c],
			[c, b]
		] as const) {
			expect(peerOf(me, other)?.trickled).toBe(true);
			const theirs = peerOf(other, me)?.token;
			expect(peerOf(me, other)?.candidates).toEqual([
				{ candidate: `candidate:${theirs}`, afterDescription: true }
			]);
		}
	});

	it('not with a member of version 6 (its entry says 6)', async () => {
		const net = new Net();
		const c = new Person(net);
		net.version6.add(c.id);
		const [, b] = await threeWith(net, undefined, undefined, c);
		expect(peerOf(b, c)?.trickled).toBe(false);
	});

	it('not when the only member between them is of version 6 (it would drop them)', async () => {
		const net = new Net();
		const a = new Person(net);
		net.version6.add(a.id);
		const [, b, c] = await threeWith(net, a);
		expect(peerOf(b, c)?.trickled).toBe(false);
		expect(peerOf(c, b)?.trickled).toBe(false);
	});
});

describe('relayed join descriptions go as text on every hop', () => {
	it('from the offerer and the answerer, and as the member between them forwards them', async () => {
		const [a, b, c] = await threeWith(new Net());
		const joins = (from: Person, to: Person) => {
			const peer = peerOf(from, to);
			return (peer?.sent ?? []).flatMap((message, i) =>
				message.t === 'relay' && 'description' in message ? [peer?.frames[i]] : []
			);
		};
		// B and C each sent one description to A (the offer or the answer), and A forwarded each once.
		for (const [from, to] of [
			[b, a],
			[c, a],
			[a, b],
			[a, c]
		] as const)
			expect(joins(from, to)).toEqual([{ text: true }]);
	});
});

/** A member as createJoinCandidates sees it: an id, a state, and the peer's addRelayedCandidate. */
function fakeMember(memberId: string, peerState: Member['peerState'] = 'waiting') {
	const added: RTCIceCandidateInit[] = [];
	const peer = { addRelayedCandidate: async (c: RTCIceCandidateInit) => void added.push(c) };
	return { member: { id: memberId, closed: false, peerState, peer } as unknown as Member, added };
}

describe('trickled candidates that come before their offer', () => {
	const joinCandidates = (members: Member[]) =>
		createJoinCandidates({
			roster: () => emptyRoster,
			members: () => members,
			relay: () => ({}) as Relay,
			settingUp: (member) => member.peerState !== 'connected'
		});

	it('wait for the pair, which gets them when its offer comes; a connected pair takes none', () => {
		const members: Member[] = [];
		const candidates = joinCandidates(members);
		candidates.receive(id(3), candidate('candidate:early'));
		const { member, added } = fakeMember(id(3));
		members.push(member);
		candidates.handOver(member);
		candidates.receive(id(3), candidate('candidate:late'));
		expect(added.map((c) => c.candidate)).toEqual(['candidate:early', 'candidate:late']);

		const connected = fakeMember(id(4), 'connected');
		members.push(connected.member);
		candidates.receive(id(4), candidate());
		expect(connected.added).toEqual([]);
	});

	it('are kept up to maxCandidatesBeforeOffer per member', () => {
		const candidates = joinCandidates([]);
		for (let i = 0; i < maxCandidatesBeforeOffer + 3; i++) candidates.receive(id(5), candidate(`c${i}`));
		const { member, added } = fakeMember(id(5));
		candidates.handOver(member);
		expect(added).toHaveLength(maxCandidatesBeforeOffer);
	});
});

/** The parts of an RTCPeerConnection that ../join-trickle uses, with candidate events sent by hand. */
class FakeConnection extends EventTarget {
	iceGatheringState: RTCIceGatheringState = 'gathering';
	remoteDescription: RTCSessionDescriptionInit | null = null;
	readonly added: RTCIceCandidateInit[] = [];
	async addIceCandidate(c: RTCIceCandidateInit) {
		this.added.push(c);
	}
	found(line: string | null) {
		const event = Object.assign(new Event('icecandidate'), {
			candidate: line === null ? null : { candidate: line, sdpMid: '0', sdpMLineIndex: 0 }
		});
		this.dispatchEvent(event);
	}
}

describe('a trickled description and its candidates (../join-trickle)', () => {
	it('sends, after the description, only the candidates it lacks, then the end', async () => {
		const pc = new FakeConnection();
		const sent: string[] = [];
		const out = trickleOut(pc as unknown as RTCPeerConnection, (c) => sent.push(c.candidate));
		const first = out.first(8_000);
		pc.found('candidate:in-sdp');
		pc.found('candidate:not-yet');
		await first;
		expect(out.found()).toBe(true);
		expect(sent).toEqual([]);
		out.described('v=0\r\na=candidate:in-sdp\r\n');
		pc.found('candidate:later');
		pc.found(null);
		pc.found('candidate:after-the-end');
		expect(sent).toEqual(['candidate:not-yet', 'candidate:later', '']);
	});

	it('does not wait for a first candidate past its cap', async () => {
		const pc = new FakeConnection();
		const out = trickleOut(pc as unknown as RTCPeerConnection, () => undefined);
		let done = false;
		void out.first(500).then(() => (done = true));
		await vi.advanceTimersByTimeAsync(499);
		expect(done).toBe(false);
		await vi.advanceTimersByTimeAsync(1);
		expect(done).toBe(true);
		expect(out.found()).toBe(false);
	});

	it('adds the other side’s candidates once its description is applied, at most maxEarlyCandidates', async () => {
		const pc = new FakeConnection();
		const inbox = candidateInbox(pc as unknown as RTCPeerConnection);
		for (let i = 0; i < maxEarlyCandidates + 2; i++) await inbox.add(candidate(`c${i}`));
		expect(pc.added).toEqual([]);
		pc.remoteDescription = { type: 'offer', sdp: 'v=0' };
		inbox.flush();
		await inbox.add(candidate('after'));
		expect(pc.added).toHaveLength(maxEarlyCandidates + 1);
		expect(pc.added.at(-1)?.candidate).toBe('after');
	});
});
