// Files in a call, for the session (./session.svelte): the transfers (./transfer) and who they go to. In a
// group call a file goes to everyone or to the one member picked ("Send to"); in a 1:1 call, to the other side.
import type { Group } from './group.svelte';
import type { Member } from './member.svelte';
import { everyone } from './session-parts';
import { Transfers } from './transfer/transfers.svelte';

export class CallFiles {
	/** "Send to" in a group call: one member's id, or `everyone` (the default, as chat goes to everyone). */
	targetId = $state<string>(everyone);
	/** Files sent and received, each over its own data channel. */
	readonly transfers: Transfers;
	#group: Group;

	constructor(group: Group) {
		this.#group = group;
		this.transfers = new Transfers({
			targets: () =>
				this.targets.map((member) => ({
					name: this.#senderName(member),
					createChannel: (label, init) => member.peer.createChannel(label, init),
					maxMessageSize: member.peer.maxMessageSize(),
					whenUp: () => member.peer.whenLinkUp()
				}))
		});
	}

	/**
	 * Who a file goes to: the member picked, else everyone in the call (in a 1:1 call, the other side). One
	 * reconnecting counts: the file waits for the link (rtc/hold) instead of failing.
	 */
	get targets(): Member[] {
		const live = this.#group.live.filter((who) => ['connected', 'reconnecting'].includes(who.peerState));
		const picked = live.find((who) => who.id === this.targetId);
		return picked ? [picked] : live;
	}

	/** A file another member opened a channel for; false when it is not one (the caller closes it). */
	accept(member: Member, channel: RTCDataChannel): boolean {
		return this.transfers.accept(channel, this.#senderName(member));
	}

	/** The call ended: whatever is still going stops. */
	stop(): void {
		this.transfers.stopAll();
	}

	/** A new call: nothing sent, nothing picked. */
	clear(): void {
		this.targetId = everyone;
		this.transfers.clear();
	}

	/** Names only once the call is a group: a 1:1 call's files stay as they always were. */
	#senderName(member: Member): string | null {
		return this.#group.wasGroup ? member.displayName : null;
	}
}
