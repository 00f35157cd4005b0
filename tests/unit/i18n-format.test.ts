import { afterEach, describe, expect, it } from 'vitest';
import { formatBytes, formatBytesPerSecond, formatClock, formatSpan } from '../../src/lib/i18n/format';
import { language } from '../../src/lib/i18n/locale.svelte';

// Node has no Intl.DurationFormat: formatSpan's ListFormat fallback is what runs here (browsers use the API).
describe('numbers, sizes and times follow the language, from Intl', () => {
	afterEach(() => language.choose(null));

	it('says how old the code is, to the second under an hour', async () => {
		expect(formatSpan(0)).toBe('0 sec');
		expect(formatSpan(59_999)).toBe('59 sec');
		expect(formatSpan(65_000)).toBe('1 min, 5 sec');
		expect(formatSpan(120_000)).toBe('2 min');
		expect(formatSpan(3_725_000)).toBe('1 hr, 2 min');
		expect(formatSpan(-5)).toBe('0 sec');
		await language.choose('de');
		expect(formatSpan(65_000)).toBe('1 Min., 5 Sek.');
		await language.choose('ru');
		expect(formatSpan(65_000)).toBe('1 мин 5 с');
	});

	it('shows "0 sec" where the browser has Intl.DurationFormat, which leaves out zero units unless asked', () => {
		// Chromium's DurationFormat as the spec has it: a unit whose value is 0 shows only with
		// `${unit}Display: 'always'` (the "Made  ago" seen at 1280×720, issue 12).
		class DurationFormat {
			constructor(
				readonly locale: string,
				readonly options: Record<string, string>
			) {}
			format(parts: Record<string, number>) {
				const shown = Object.entries(parts).filter(
					([k, v]) => v !== 0 || this.options[`${k}Display`] === 'always'
				);
				return shown.map(([k, v]) => `${v} ${k}`).join(', ');
			}
		}
		Object.assign(Intl, { DurationFormat });
		try {
			expect(formatSpan(0)).toBe('0 seconds');
			expect(formatSpan(120_000)).toBe('2 minutes');
			expect(formatSpan(3_600_000)).toBe('1 hours');
		} finally {
			delete (Intl as { DurationFormat?: unknown }).DurationFormat;
		}
	});

	it('writes sizes in kB, MB and GB in each language', async () => {
		expect(formatBytes(950)).toBe('1 kB');
		expect(formatBytes(5_000)).toBe('5 kB');
		expect(formatBytes(950_000)).toBe('950 kB');
		expect(formatBytes(12_500_000)).toBe('13 MB');
		expect(formatBytes(2_500_000)).toBe('2.5 MB');
		expect(formatBytesPerSecond(2_400_000)).toBe('2.4 MB/s');
		await language.choose('de');
		expect(formatBytes(2_500_000)).toBe('2,5 MB');
		await language.choose('ru');
		expect(formatBytes(2_500_000)).toBe('2,5 МБ');
	});

	it('formats call durations like a clock, the same digits everywhere', async () => {
		expect(formatClock(7_000)).toBe('0:07');
		expect(formatClock(765_000)).toBe('12:45');
		expect(formatClock(3_723_000)).toBe('1:02:03');
		await language.choose('ar');
		expect(formatClock(765_000)).toBe('12:45');
	});
});
