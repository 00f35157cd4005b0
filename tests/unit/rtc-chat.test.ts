import { describe, expect, it } from 'vitest';
import { Chat, maxChatLength } from '../../src/lib/rtc/chat.svelte';
import type { PeerMessage } from '../../src/lib/rtc/protocol';

function chat() {
	const sent: PeerMessage[] = [];
	return { sent, chat: new Chat({ send: (m) => void sent.push(m), now: () => 42 }) };
}

describe('chat', () => {
	it('sends trimmed text with an id and the time, and keeps it in the log', () => {
		const { chat: c, sent } = chat();
		expect(c.send('  hello  ')).toBe(true);
		expect(sent).toEqual([{ t: 'chat', id: expect.any(String), text: 'hello', at: 42 }]);
		expect(c.messages.map((m) => [m.from, m.text])).toEqual([['me', 'hello']]);
		expect(c.send('   ')).toBe(false);
		expect(sent).toHaveLength(1);
	});

	it('shows a message held for a down link as queued until it went', async () => {
		let sent = (_: boolean) => {};
		const c = new Chat({ send: () => new Promise<boolean>((resolve) => (sent = resolve)) });
		c.send('hello');
		expect(c.messages.map((m) => [m.text, m.queued])).toEqual([['hello', true]]);
		sent(true);
		await expect.poll(() => c.messages[0]?.queued).toBe(false);
	});

	it('keeps a held message queued when the call closed before it went', async () => {
		let sent = (_: boolean) => {};
		const c = new Chat({ send: () => new Promise<boolean>((resolve) => (sent = resolve)) });
		c.send('hello');
		sent(false);
		await new Promise((resolve) => setTimeout(resolve));
		expect(c.messages[0]?.queued).toBe(true);
	});

	it('counts unread messages while closed and clears the count when opened', () => {
		const { chat: c } = chat();
		c.receive({ id: '1', text: 'a', at: 1 });
		c.receive({ id: '2', text: 'b', at: 2 });
		expect(c.unread).toBe(2);
		c.setOpen(true);
		expect(c.unread).toBe(0);
		c.receive({ id: '3', text: 'c', at: 3 });
		expect(c.unread).toBe(0);
	});

	it('shows a repeated message once and caps its length', () => {
		const { chat: c } = chat();
		c.receive({ id: '1', text: 'x'.repeat(maxChatLength + 10), at: 1 });
		c.receive({ id: '1', text: 'again', at: 1 });
		expect(c.messages).toHaveLength(1);
		expect(c.messages[0]?.text).toHaveLength(maxChatLength);
	});
});
