import { describe, expect, it } from 'vitest';
import { formatAge, formatDuration } from '../../src/lib/ui/format';

describe('time formats for the code age and the call duration', () => {
	it('formats ages for the code panel', () => {
		expect(formatAge(0)).toBe('0 s');
		expect(formatAge(59_999)).toBe('59 s');
		expect(formatAge(65_000)).toBe('1 min 05 s');
		expect(formatAge(3_725_000)).toBe('1 h 02 min');
		expect(formatAge(-5)).toBe('0 s');
	});

	it('formats call durations like a clock', () => {
		expect(formatDuration(7_000)).toBe('0:07');
		expect(formatDuration(765_000)).toBe('12:45');
		expect(formatDuration(3_723_000)).toBe('1:02:03');
	});
});
