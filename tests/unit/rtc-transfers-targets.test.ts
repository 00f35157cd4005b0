import { beforeAll, describe, expect, it } from 'vitest';
import { channelPrefix } from '../../src/lib/rtc/transfer/wire';
import { loadTransferParts, Transfers, type FileTarget } from '../../src/lib/rtc/transfer/transfers.svelte';

/** A target whose connection records the channels asked of it and has none to give (the send then fails). */
function target(
	name: string | null,
	labels: string[],
	whenUp: FileTarget['whenUp'] = () => undefined
): FileTarget {
	return {
		name,
		maxMessageSize: 262_144,
		whenUp,
		createChannel: (label) => {
			labels.push(label);
			throw new Error('no connection in a unit test');
		}
	};
}

const file = () => new File(['hello'], 'note.txt', { type: 'text/plain' });

describe('files to one person or to everyone', () => {
	// The parts are a dynamic import of the whole transfer stack: transforming it took > 10 s at load ~30.
	beforeAll(async () => {
		await loadTransferParts();
	}, 60_000);

	it('sends a file to everyone as one transfer per person, each on that person’s connection', () => {
		const bob: string[] = [];
		const carol: string[] = [];
		const transfers = new Transfers({ targets: () => [target('Bob', bob), target('Carol', carol)] });
		transfers.send([file()]);
		expect(transfers.items.map((item) => [item.name, item.peer, item.direction])).toEqual([
			['note.txt', 'Bob', 'out'],
			['note.txt', 'Carol', 'out']
		]);
		expect(bob).toEqual([channelPrefix + transfers.items[0]?.id]);
		expect(carol).toEqual([channelPrefix + transfers.items[1]?.id]);
	});

	it('waits, paused, for a link that is down: no channel is opened into it until it is back', async () => {
		const labels: string[] = [];
		let back = () => {};
		const down = new Promise<void>((resolve) => (back = resolve));
		const transfers = new Transfers({ targets: () => [target(null, labels, () => down)] });
		transfers.send([file()]);
		await Promise.resolve();
		const item = transfers.items[0];
		expect([item?.status, item?.paused]).toEqual(['waiting', true]);
		expect(labels).toEqual([]);
		back();
		await expect.poll(() => labels).toEqual([channelPrefix + item?.id]);
		expect(item?.paused).toBe(false);
	});

	it('says on the file that nobody is connected instead of dropping it', () => {
		const transfers = new Transfers({ targets: () => [] });
		transfers.send([file()]);
		expect(transfers.items.map((item) => [item.name, item.status, item.code])).toEqual([
			['note.txt', 'failed', 'not-connected']
		]);
		expect(transfers.items[0]?.error).toBe(
			'Nobody is connected right now, so the file was not sent. Send it again once the call is back.'
		);
	});
});
