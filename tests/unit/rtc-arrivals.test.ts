import { describe, expect, it } from 'vitest';
import { arrivals } from '../../src/lib/rtc/connection-policy';

type Report = { id: string; type: string; packetsReceived?: number; messagesReceived?: number };

/** A connection whose stats are whatever `reports` holds at each getStats. */
function connection(reports: { now: Report[] }) {
	return {
		getStats: async () => new Map(reports.now.map((r) => [r.id, r])) as unknown as RTCStatsReport
	};
}

describe('arrivals: whether anything came from the other side since the last look', () => {
	it('counts a counter that grew, per report, and nothing else', async () => {
		const reports = {
			now: [
				{ id: 'IT01A', type: 'inbound-rtp', packetsReceived: 100 },
				{ id: 'D1', type: 'data-channel', messagesReceived: 5 }
			]
		};
		const seen = arrivals(connection(reports));
		expect(await seen.changed()).toBe(true);
		expect(await seen.changed()).toBe(false);
		reports.now = [
			{ id: 'IT01A', type: 'inbound-rtp', packetsReceived: 100 },
			{ id: 'D1', type: 'data-channel', messagesReceived: 6 }
		];
		expect(await seen.changed()).toBe(true);
	});

	it('a report that went away, or came back unchanged, is not an arrival (ICE-restart offer, Chromium)', async () => {
		const reports: { now: Report[] } = {
			now: [
				{ id: 'IT01A', type: 'inbound-rtp', packetsReceived: 100 },
				{ id: 'IT01V', type: 'inbound-rtp', packetsReceived: 900 }
			]
		};
		const seen = arrivals(connection(reports));
		await seen.changed();
		reports.now = [{ id: 'IT01A', type: 'inbound-rtp', packetsReceived: 100 }];
		expect(await seen.changed()).toBe(false);
		reports.now = [
			{ id: 'IT01A', type: 'inbound-rtp', packetsReceived: 100 },
			{ id: 'IT01V', type: 'inbound-rtp', packetsReceived: 900 },
			{ id: 'D2', type: 'data-channel', messagesReceived: 0 }
		];
		expect(await seen.changed()).toBe(false);
	});
});
