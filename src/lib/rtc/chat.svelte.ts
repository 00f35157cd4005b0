// Text chat over the control channel (reliable and ordered, so no acks or reordering here). The UI reads
// `messages` and `unread`; the session routes incoming { t: 'chat' } messages to receive().
import type { PeerMessage } from './protocol';

/** Long pastes are fine; a megabyte of text would stall the control channel that carries negotiation. */
export const maxChatLength = 4_000;

export interface ChatMessage {
	id: string;
	text: string;
	/** Sender's clock, ms since the epoch: shown as the message time. */
	at: number;
	from: 'me' | 'them';
	/** Who sent it, from the `hello` of the connection it came on (group calls show it). */
	name?: string;
	/** Ours, waiting for the link to come back (rtc/hold): not delivered yet, and the UI says so. */
	queued?: boolean;
}

export interface ChatOptions {
	/** Sends now (undefined), or holds it while the link is down: then the promise of its sending. */
	send: (message: PeerMessage) => Promise<boolean> | undefined;
	now?: () => number;
}

export class Chat {
	#messages = $state.raw<ChatMessage[]>([]);
	#unread = $state(0);
	#open = $state(false);
	#options: ChatOptions;

	constructor(options: ChatOptions) {
		this.#options = options;
	}

	get messages(): readonly ChatMessage[] {
		return this.#messages;
	}
	/** Messages from the other side that arrived while the chat was closed. */
	get unread(): number {
		return this.#unread;
	}
	get open(): boolean {
		return this.#open;
	}

	setOpen(open: boolean): void {
		this.#open = open;
		if (open) this.#unread = 0;
	}

	/** Returns false for empty text (nothing sent). */
	send(text: string): boolean {
		const trimmed = text.trim().slice(0, maxChatLength);
		if (!trimmed) return false;
		const message: ChatMessage = {
			id: crypto.randomUUID(),
			text: trimmed,
			at: (this.#options.now ?? Date.now)(),
			from: 'me'
		};
		const held = this.#options.send({ t: 'chat', id: message.id, text: message.text, at: message.at });
		this.#messages = [...this.#messages, held ? { ...message, queued: true } : message];
		void held?.then((sent) => sent && this.#sent(message.id));
		return true;
	}

	/** A held message went to everyone it was for: no longer queued. */
	#sent(id: string): void {
		this.#messages = this.#messages.map((m) =>
			m.id === id && m.from === 'me' ? { ...m, queued: false } : m
		);
	}

	receive(message: { id: string; text: string; at: number }, name?: string | null): void {
		// A resent message (e.g. after a reconnect) must not appear twice.
		if (this.#messages.some((m) => m.id === message.id && m.from === 'them')) return;
		const text = message.text.slice(0, maxChatLength);
		const entry: ChatMessage = { id: message.id, text, at: message.at, from: 'them' };
		if (name) entry.name = name;
		this.#messages = [...this.#messages, entry];
		if (!this.#open) this.#unread++;
	}

	/** A new call: no messages, and no panel open to see them. */
	clear(): void {
		this.#messages = [];
		this.#unread = 0;
		this.#open = false;
	}
}
