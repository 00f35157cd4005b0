// A simulated network for the group's unit tests (issue 17 §6): real Group and Member classes, each peer a
// stand-in whose "connection" is an in-memory channel with a latency. Messages go through JSON and the real
// parseMessage, in order per channel, like a data channel. Unit tests only: the e2e tests use real browsers.
import type { FrameOptions } from '$lib/rtc/channel';
import { Group } from '$lib/rtc/group.svelte';
import type { IceConfig } from '$lib/rtc/ice-servers';
import type { Engine } from '$lib/rtc/load-engine';
import type { RosterEntry } from '$lib/rtc/group/roster';
import type { Member } from '$lib/rtc/member.svelte';
import type { CloseReason, Peer, PeerOptions } from '$lib/rtc/peer';
import type { Trickle } from '$lib/rtc/peer-types';
import { parseMessage, type PeerMessage } from '$lib/rtc/protocol';

export interface NetOptions {
	/** Latency of one message, ms (the same channel keeps its order); given sender and receiver ids for messages. */
	latency?: (from?: string, to?: string) => number;
}

const ice = { iceServers: [] } as unknown as IceConfig;

export class Net {
	readonly #byToken = new Map<string, FakePeer>();
	/** Pairs of member ids whose direct connection never comes up (a firewall between them). */
	readonly blocked = new Set<string>();
	/**
	 * Members that speak protocol version 5 in their roster messages: they write and pass on entries without
	 * `protocol`, the one field of version 6 they do not know.
	 */
	readonly version5 = new Set<string>();
	/**
	 * Members that speak protocol version 6: their hello and own entry say 6, and they drop a relayed
	 * candidate (version 7) as malformed, as that build's parser does, instead of passing it on.
	 */
	readonly version6 = new Set<string>();
	readonly latency: (from?: string, to?: string) => number;
	#next = 0;

	constructor(options: NetOptions = {}) {
		this.latency = options.latency ?? (() => 5);
	}

	/** Every peer made, in order, with the id of the person who made it. */
	readonly peers: { peer: FakePeer; owner: () => string }[] = [];

	register(peer: FakePeer, owner: () => string): string {
		const token = `fake-${++this.#next}`;
		this.#byToken.set(token, peer);
		this.peers.push({ peer, owner });
		return token;
	}

	peer(token: string | undefined): FakePeer {
		const peer = token ? this.#byToken.get(token) : undefined;
		if (!peer) throw new Error(`no fake peer ${token}`);
		return peer;
	}

	/** The engine of one person: its peers know whose they are (for `blocked`). */
	engine(owner: () => string): Engine {
		const fake = {
			createPeer: (options: PeerOptions) => new FakePeer(this, options, owner),
			diagnoseFailure: () => ({ reason: 'different-networks' }),
			computeSas: async () => '000 000',
			fingerprintFromSdp: () => null,
			fingerprintsFromStats: () => null
		};
		return fake as unknown as Engine;
	}
}

export class FakePeer implements Peer {
	readonly role: Peer['role'];
	readonly token: string;
	other: FakePeer | null = null;
	open = false;
	closed = false;
	#queue: string[] = [];
	#last = 0;
	readonly #net: Net;
	readonly #options: PeerOptions;
	readonly #owner: () => string;

	constructor(net: Net, options: PeerOptions, owner: () => string) {
		this.#net = net;
		this.#options = options;
		this.#owner = owner;
		this.role = options.role;
		this.token = net.register(this, owner);
	}

	/** Whether the last offer carried audio/video (a relayed join to a member of version 6 or later). */
	offeredMedia: boolean | null = null;
	/** Whether the last offer or answer trickled a candidate behind it (version 7), null before either. */
	trickled: boolean | null = null;
	/** Candidates trickled to this peer, and whether its remote description was there when each came. */
	readonly candidates: { candidate: string; afterDescription: boolean }[] = [];

	/** A trickling peer finds one more candidate after its description (the sim's "server reflexive"). */
	#trickle(trickle: Trickle | undefined) {
		this.trickled = trickle !== undefined;
		trickle?.({ candidate: `candidate:${this.token}`, sdpMid: '0', sdpMLineIndex: 0 });
	}

	async createOffer(media?: boolean, trickle?: Trickle) {
		this.offeredMedia = media ?? false;
		this.#trickle(trickle);
		return { type: 'offer' as const, sdp: this.token };
	}
	async acceptOffer(offer: RTCSessionDescriptionInit, trickle?: Trickle) {
		this.other = this.#net.peer(offer.sdp);
		this.#options.onState('connecting');
		this.#trickle(trickle);
		return { type: 'answer' as const, sdp: this.token };
	}
	async addRelayedCandidate(candidate: RTCIceCandidateInit) {
		this.candidates.push({ candidate: candidate.candidate ?? '', afterDescription: this.other !== null });
	}
	async acceptAnswer(answer: RTCSessionDescriptionInit) {
		const other = this.#net.peer(answer.sdp);
		this.other = other;
		if (other.other !== this || other.closed || this.closed) return;
		const pair = [this.#owner(), other.#owner()].sort().join('-');
		if (this.#net.blocked.has(pair)) return;
		setTimeout(() => {
			if (this.closed || other.closed) return;
			this.#connect();
			other.#connect();
		}, this.#net.latency());
	}

	/** The connection's state changes without the simulation's doing (its link went down, came back). */
	report(state: 'connected' | 'reconnecting'): void {
		this.#options.onState(state);
	}

	#connect(): void {
		this.open = true;
		this.#options.onState('connected');
		for (const data of this.#queue.splice(0)) this.#deliver(data);
	}

	/** Every message this peer was asked to send, in order. */
	readonly sent: PeerMessage[] = [];

	/** How each message was to be framed (../../src/lib/rtc/channel FrameOptions), in the order of `sent`. */
	readonly frames: (FrameOptions | undefined)[] = [];

	send(message: PeerMessage, options?: FrameOptions): void {
		if (this.closed) return;
		const data = JSON.stringify(this.#asVersion5(message));
		this.sent.push(message);
		this.frames.push(options);
		if (this.open) this.#deliver(data);
		else this.#queue.push(data);
	}

	/** The simulated link never holds a user message (rtc/hold is tested on its own). */
	sendUser(message: PeerMessage): undefined {
		this.send(message);
		return undefined;
	}

	whenLinkUp(): undefined {
		return undefined;
	}

	/** A member of version 5 says 5 and keeps only the entry fields it knows; one of version 6 says 6. */
	#asVersion5(message: PeerMessage): PeerMessage {
		const owner = this.#owner();
		if (this.#net.version6.has(owner)) {
			if (message.t === 'hello') return { ...message, v: 6 };
			if (message.t !== 'roster') return message;
			const own = (e: RosterEntry) => (e.id === owner ? { ...e, protocol: 6 } : e);
			return { t: 'roster', members: message.members.map(own) };
		}
		if (!this.#net.version5.has(owner)) return message;
		if (message.t === 'hello') return { ...message, v: 5 };
		if (message.t !== 'roster') return message;
		return { t: 'roster', members: message.members.map(({ protocol: _dropped, ...known }) => known) };
	}

	#deliver(data: string): void {
		const other = this.other;
		if (!other) return;
		// In order per channel: never before the previous message of this channel.
		const at = Math.max(this.#last, Date.now() + this.#net.latency(this.#owner(), other.#owner()));
		this.#last = at;
		setTimeout(() => {
			if (other.closed || this.closed) return;
			const message = parseMessage(data);
			if (message?.t === 'bye') return other.#close('remote-hangup');
			if (message?.t === 'relay' && 'candidate' in message && this.#net.version6.has(other.#owner())) return;
			if (message) other.#options.onMessage?.(message);
		}, at - Date.now());
	}

	hangUp(): void {
		if (this.closed) return;
		this.send({ t: 'bye' });
		// The bye leaves before the channel closes (peer.ts waits for it too).
		setTimeout(() => this.destroy('hangup'), this.#net.latency() * 2);
	}

	destroy(reason: CloseReason = 'hangup'): void {
		if (this.closed) return;
		const other = this.other;
		this.#close(reason);
		if (other?.open && other.other === this)
			setTimeout(() => other.#close('remote-left'), this.#net.latency());
	}

	#close(reason: CloseReason): void {
		if (this.closed) return;
		this.closed = true;
		this.open = false;
		this.#options.onState('closed');
		this.#options.onClose(reason);
	}

	async acceptRelayedRestart() {
		return null;
	}
	async setTracks() {}
	sendMediaState() {}
	retryMedia() {}
	async shareScreen() {}
	setReceivers() {}
	createChannel(): RTCDataChannel {
		throw new Error('no data channels in the simulation');
	}
	maxMessageSize() {
		return 0;
	}
	async getStats() {
		return new Map() as unknown as RTCStatsReport;
	}
	audioLevel() {
		return 0;
	}
	getDescriptions() {
		return { local: this.token, remote: this.other?.token ?? null };
	}
}

/** One person's app in the simulation: its Group, and what the group told the app. */
export class Person {
	readonly group: Group;
	readonly notices: string[] = [];
	readonly closes: CloseReason[] = [];
	readonly #engine: Engine;
	readonly #net: Net;

	constructor(net: Net) {
		this.#net = net;
		this.#engine = net.engine(() => this.id);
		this.group = new Group({
			getTracks: () => ({ audio: null, video: null }),
			onConnected: () => undefined,
			onDataChannel: () => undefined,
			onMessage: () => undefined,
			onClose: (_member, reason) => this.closes.push(reason),
			onNotice: (text) => this.notices.push(text)
		});
	}

	get id(): string {
		return this.group.myId;
	}

	/** A simulated older build (version 5 or 6) makes no offers ahead (version 8). */
	#older(): boolean {
		return this.#net.version5.has(this.id) || this.#net.version6.has(this.id);
	}

	/** The ids of the members this person is connected with, sorted. */
	get connected(): string[] {
		return this.group.live
			.filter((member) => member.peerState === 'connected' && member.id)
			.map((member) => member.id ?? '')
			.sort();
	}

	/** The present members of this person's roster (itself included), sorted. */
	get roster(): string[] {
		return [...this.group.roster.values()]
			.filter((entry) => !entry.left)
			.map((entry) => entry.id)
			.sort();
	}

	/**
	 * This person shows a code, as "Add someone" does: a new member whose offer is the code, and the others
	 * asked for their offers to the newcomer (rtc/group/premade; `ahead: false` skips it).
	 */
	showCode({ ahead = !this.#older() } = {}): Member {
		const mine = this.group.create(this.#engine, ice, 'caller');
		if (ahead) this.group.askOffers(mine);
		return mine;
	}

	/** `newcomer` answers the code `shown`, and this person reads the answer. */
	async answered(newcomer: Person, shown: Member): Promise<void> {
		const theirs = newcomer.group.create(newcomer.#engine, ice, 'joiner');
		const offer = await shown.peer.createOffer();
		const answer = await theirs.peer.acceptOffer(offer);
		await shown.peer.acceptAnswer(answer);
	}

	/** The code exchange, as the UI does it: showCode, then the newcomer's answer read back. */
	async add(newcomer: Person, options: { ahead?: boolean } = {}): Promise<void> {
		await this.answered(newcomer, this.showCode(options));
	}
}
