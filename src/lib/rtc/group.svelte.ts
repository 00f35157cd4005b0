// The people in a call: one Member (and its peer) per other person, the roster every member keeps, and the
// introductions that connect a newcomer with everyone over the channels that already exist
// (docs/peer-protocol.md, Groups). A 1:1 call is a group of two in which nothing here ever sends more than
// `hello` and one `roster`. The session (./session.svelte) owns this and decides what a closed member means.
import { m } from '$lib/paraglide/messages';
import type { IceConfig } from './ice-servers';
import type { Engine } from './load-engine';
import { Member, type MemberHooks } from './member.svelte';
import type { CloseReason, LocalTracks, Role } from './peer';
import type { PeerMessage } from './protocol';
import { createGroupParts } from './group/parts';
import {
	emptyRoster,
	guestNumber,
	hasRoom,
	maxMembers,
	merge,
	newMemberId,
	present,
	type Roster,
	type RosterEntry
} from './group/roster';
import { joinMark } from './group/marks';
import { rosterName, storedName, storeName, takeNames } from './group/name';
import { isGroupMessage, peerProtocolVersion, type GroupMessage } from './group/wire';
import { thisBrowser } from './outlasted';

export interface GroupHooks extends Pick<MemberHooks, 'onConnected' | 'onDataChannel' | 'onLocalUpdate'> {
	/** A message that is not the group's (chat, …) from a member. */
	onMessage(member: Member, message: PeerMessage): void;
	onClose(member: Member, reason: CloseReason): void;
	/** Something the user should read (a newcomer could not join…). */
	onNotice(text: string): void;
	getTracks(): LocalTracks;
}

export class Group {
	/** Every member of this call, closed ones that could not be reached included (their tile says why). */
	members = $state.raw<Member[]>([]);
	roster = $state.raw<Roster>(emptyRoster);
	/** The name this person chose ("" until then: everyone shows "Guest N" for our id, in their language). */
	myName = $state(storedName());
	myId = newMemberId();
	/** More than one other person has been in this call at once (chat then names senders). */
	wasGroup = $state(false);
	#mine = { v: 0, mic: true, camera: true };
	#hooks: GroupHooks;
	#engine: Engine | null = null;
	#ice: IceConfig | null = null;
	/** Newcomers told the call is full: what they still send before the hang-up is not listened to. */
	#refused = new WeakSet<Member>();
	/** We hung up: what the others send until our pairs close sets nothing up again (leave). */
	#left = false;
	readonly #parts = createGroupParts({
		myId: () => this.myId,
		roster: () => this.roster,
		members: () => this.members,
		live: () => this.live,
		setup: () => (this.#engine && this.#ice ? { engine: this.#engine, ice: this.#ice } : null),
		create: (engine, ice, role, id) => this.create(engine, ice, role, id),
		createDetached: (engine, ice) => this.#build(engine, ice, 'caller'),
		remove: (member) => this.remove(member),
		adopt: (member, id) => this.#adopt(member, id),
		tracks: () => this.#hooks.getTracks(),
		fingerprint: (sdp) => this.#engine?.fingerprintFromSdp(sdp) ?? null
	});

	constructor(hooks: GroupHooks) {
		this.#hooks = hooks;
		this.#roster([this.#myEntry()]);
	}

	/**
	 * The members the call screen shows: those whose id is known (from their hello, or from the roster for a
	 * pair set up through the group). A newcomer being added gets a tile once it says who it is.
	 */
	get shown(): Member[] {
		return this.members.filter((who) => who.id !== null);
	}
	/** Members whose pair is open or opening. */
	get live(): Member[] {
		return this.members.filter((who) => !who.closed);
	}
	get displayName(): string {
		return this.myName || m.member_guest({ number: guestNumber(this.myId) });
	}
	/** Present in the roster, this person included. */
	get size(): number {
		return present(this.roster).length;
	}
	get full(): boolean {
		return !hasRoom(this.roster);
	}
	/** Members that speak no group protocol (an older qrcall): nobody can be introduced to them. */
	get legacy(): Member[] {
		return this.live.filter((who) => who.peerState === 'connected' && who.version === 0);
	}

	/** A new member with its peer; `id` is known for pairs set up through the group. */
	create(engine: Engine, ice: IceConfig, role: Role, id?: string): Member {
		this.#engine = engine;
		this.#ice = ice;
		const member = this.#build(engine, ice, role, id);
		this.members = [...this.members, member];
		if (id) this.#parts.relay.flush();
		return member;
	}

	/**
	 * "Add someone" shows the code for `newcomer`: the other members make their offers to it now
	 * (./group/premade). They are dropped when its pair closes (cancelled, expired, never connected).
	 */
	askOffers(newcomer: Member): void {
		this.#parts.premade.ask(newcomer);
	}

	/** A member and its peer, not yet in the call (create, or an offer made ahead). */
	#build(engine: Engine, ice: IceConfig, role: Role, id?: string): Member {
		const member = new Member({
			engine,
			role,
			ice,
			id,
			tracks: this.#hooks.getTracks(),
			hooks: {
				onConnected: (who) => this.#onConnected(who),
				onDataChannel: (who, channel) => this.#hooks.onDataChannel(who, channel),
				onLocalUpdate: (who, d) => {
					this.#parts.premade.updated(who, d);
					this.#hooks.onLocalUpdate?.(who, d);
				},
				relayRestart: (who, offer) => this.#parts.restarts.send(who, offer),
				onMessage: (who, message) => this.#onMessage(who, message),
				onClose: (who, reason) => this.#onClose(who, reason)
			}
		});
		if (id) member.name = rosterName(this.roster, id);
		const browser = thisBrowser();
		member.peer.send({ t: 'hello', v: peerProtocolVersion, id: this.myId, name: this.myName, browser });
		// Our own entry right behind it (a receiver that knows no roster ignores it): the member who added us
		// gossips us on as soon as it has our hello, a hop earlier than its roster's reply would let it.
		member.peer.send({ t: 'roster', members: [this.#myEntry()] });
		return member;
	}

	/**
	 * An offer made ahead was taken by `id` (./group/premade): its pair joins the call, replacing one with `id`
	 * still opening (a fresh offer or a wait for one, made before we learned the offer was taken).
	 */
	#adopt(member: Member, id: string): boolean {
		const existing = this.#byId(id);
		if (existing?.peerState === 'connected' || existing?.peerState === 'reconnecting') return false;
		existing?.peer.destroy('replaced');
		this.members = this.members.filter((who) => who.id !== id);
		member.id = id;
		member.name = rosterName(this.roster, id);
		this.members = [...this.members, member];
		this.#parts.relay.flush();
		this.#parts.introductions.adopt(member);
		return true;
	}

	/** Sends to every member. */
	broadcast(message: PeerMessage): void {
		for (const member of this.live) member.peer.send(message);
	}

	/**
	 * A user message (chat, media state) to every member; held for a member whose link is down (rtc/hold):
	 * then the promise that it went to them all.
	 */
	broadcastUser(message: PeerMessage): Promise<boolean> | undefined {
		const held = this.live.map((member) => member.peer.sendUser(message)).filter((p) => p !== undefined);
		return held.length > 0 ? Promise.all(held).then((sent) => sent.every(Boolean)) : undefined;
	}

	setName(name: string): void {
		this.myName = storeName(name);
		this.#announce();
	}

	setMedia(mic: boolean, camera: boolean): void {
		if (this.#mine.mic === mic && this.#mine.camera === camera) return;
		this.#mine.mic = mic;
		this.#mine.camera = camera;
		this.#announce();
	}

	/**
	 * Hang-up: the others learn that this member left (then each peer says bye). Until our pairs close (the
	 * bye's flush), their messages still arrive, and gossip can bring our own "left" back: taken as "someone lost
	 * us", it made us announce we are here to everyone we still had a pair with (rtc-group-mesh, "leaving").
	 */
	leave(): void {
		this.#left = true;
		this.#parts.introductions.clear();
		this.#parts.premade.clear();
		this.#mine.v++;
		this.broadcast({ t: 'roster', members: [{ ...this.#myEntry(), left: true }] });
		for (const member of this.live) member.peer.hangUp();
	}

	/** A closed member's tile goes (the session calls this for members that need no tile). */
	remove(member: Member): void {
		this.members = this.members.filter((who) => who !== member);
	}

	/** Everything closed, a new id: the next call starts afresh. */
	reset(reason: CloseReason): void {
		this.#parts.introductions.clear();
		this.#parts.premade.clear();
		const members = this.members;
		this.members = [];
		for (const member of members) member.peer.destroy(reason);
		this.#parts.relay.clear();
		this.#left = false;
		this.wasGroup = false;
		this.myId = newMemberId();
		this.#mine = { v: 0, mic: this.#mine.mic, camera: this.#mine.camera };
		this.roster = emptyRoster;
		this.#roster([this.#myEntry()]);
	}

	#myEntry(): RosterEntry {
		return { id: this.myId, name: this.myName, ...this.#mine, left: false, protocol: peerProtocolVersion };
	}

	#announce(): void {
		this.#mine.v++;
		const entry = this.#myEntry();
		this.#roster([entry]);
		this.broadcast({ t: 'roster', members: [entry] });
	}

	/** Merges entries; gossips what changed to everyone but `from`; sets up the pairs the roster now needs. */
	#roster(entries: RosterEntry[], from?: Member): void {
		const before = this.roster;
		const { roster, changed } = merge(before, entries);
		this.roster = roster;
		takeNames(this.roster, this.live, entries, from);
		if (changed.length === 0) return;
		for (const entry of changed)
			if (!before.has(entry.id)) joinMark('learned', { me: this.myId, id: entry.id, from: from?.id ?? '' });
		if (changed.some((e) => e.id === this.myId && e.left)) {
			// Someone lost us and said we left; we are here: say so with a newer version.
			this.#announce();
			return;
		}
		for (const member of this.live)
			if (member !== from && member.version > 0) member.peer.send({ t: 'roster', members: changed });
		for (const entry of changed) if (entry.left) this.#byId(entry.id)?.peer.hangUp();
		this.#parts.introductions.reconcile();
	}

	#byId(id: string): Member | undefined {
		return this.live.find((who) => who.id === id);
	}

	#onConnected(member: Member): void {
		joinMark('connected', { me: this.myId, id: member.id ?? '' });
		this.#shareUpstream();
		member.peer.sendMediaState({ mic: this.#mine.mic, camera: this.#mine.camera });
		this.#hooks.onConnected(member);
	}

	/** Each connection's camera encoding gets its share of the upstream (more people: less each). */
	#shareUpstream(): void {
		const connected = this.live.filter((who) => who.peerState === 'connected');
		if (connected.length > 1) this.wasGroup = true;
		for (const member of connected) member.peer.setReceivers(connected.length);
	}

	#onMessage(member: Member, message: PeerMessage): void {
		if (this.#refused.has(member) || this.#left) return;
		if (!isGroupMessage(message)) return this.#hooks.onMessage(member, message);
		switch (message.t) {
			case 'hello':
				return this.#onHello(member, message);
			case 'roster':
				return this.#roster(message.members, member);
			case 'relay':
				return void this.#parts.relay.receive(member, message).catch((error: unknown) => {
					console.warn('qrcall: relayed description', error);
				});
			case 'full':
				return member.peer.destroy('full');
			case 'premade':
				return this.#parts.premade.receive(member, message);
		}
	}

	#onHello(member: Member, hello: Extract<GroupMessage, { t: 'hello' }>): void {
		joinMark('hello', { me: this.myId, from: hello.id });
		const twin = this.live.find((who) => who !== member && who.id === hello.id);
		member.id = hello.id;
		member.name = hello.name || null;
		member.version = hello.v;
		if (twin || hello.id === this.myId) return member.peer.hangUp();
		// An introducer adds someone only while there is room (a 7th is told why, and so is this side).
		if (!this.roster.has(hello.id) && !hasRoom(this.roster)) {
			this.#refused.add(member);
			member.peer.send({ t: 'full', max: maxMembers });
			member.peer.hangUp();
			this.#hooks.onNotice(m.group_notice_full({ name: member.displayName }));
			return;
		}
		// The offers made ahead for it first: it must have their pairs when the roster lists their makers.
		this.#parts.premade.handOver(member);
		member.peer.send({ t: 'roster', members: [...this.roster.values()] });
		this.#parts.relay.flush();
	}

	#onClose(member: Member, reason: CloseReason): void {
		// Closed by reset(): the call it belonged to is already gone (or a pair made ahead nobody took).
		if (!this.members.includes(member)) return;
		this.#parts.premade.closed(member);
		this.#shareUpstream();
		// A newcomer told the call is full was never in it: however its pair ended (its side often closes
		// first), that is the news, not "Gus left the call" over "Gus could not join" (group-full e2e).
		const why = this.#refused.has(member) ? 'full' : reason;
		// A member that hung up, or a pair replaced by a newer one, needs no tile; one that failed keeps its own.
		if (!['unreachable', 'lost', 'expired', 'grace'].includes(why)) this.remove(member);
		this.#hooks.onClose(member, why);
	}
}
