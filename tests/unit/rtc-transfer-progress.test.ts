import { afterEach, describe, expect, it, vi } from 'vitest';
import { progressEveryMs, Transfer } from '../../src/lib/rtc/transfer/transfer.svelte';

const mib = 1 << 20;

describe('transfer progress as shown', () => {
	afterEach(() => vi.useRealTimers());

	it('changes at most every progressEveryMs while bytes flow, and at once when all are there', () => {
		vi.useFakeTimers({ toFake: ['performance'] });
		const item = new Transfer('t', 'in');
		item.size = 10 * mib;
		item.progress(1 * mib);
		expect(item.bytes).toBe(1 * mib);
		// 20 reports a second, as on a fast link: the ones inside the interval are not shown.
		vi.advanceTimersByTime(50);
		item.progress(2 * mib);
		vi.advanceTimersByTime(50);
		item.progress(3 * mib);
		expect(item.bytes).toBe(1 * mib);
		vi.advanceTimersByTime(progressEveryMs - 100);
		item.progress(4 * mib);
		expect(item.bytes).toBe(4 * mib);
		// 3 MiB over 250 ms since the first report.
		expect(item.speed).toBeCloseTo((3 * mib * 1000) / progressEveryMs, 0);
		vi.advanceTimersByTime(10);
		item.progress(10 * mib);
		expect(item.bytes).toBe(10 * mib);
	});
});
