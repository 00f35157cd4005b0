// Numbers, sizes, durations and times in the app's language, from Intl (no hand-written units): each function
// reads the current language, so a text built from them in a template follows a language change.
import { language } from './locale.svelte';

const getLocale = () => language.current;

const unit = (value: number, name: string, maximumFractionDigits = 0) =>
	new Intl.NumberFormat(getLocale(), {
		style: 'unit',
		unit: name,
		unitDisplay: 'short',
		maximumFractionDigits
	}).format(value);

/** A plain count: "3", "٣" in Arabic. */
export function formatNumber(value: number): string {
	return new Intl.NumberFormat(getLocale()).format(value);
}

/** Decimal (SI) sizes, as file managers show them: "950 kB", "12.5 MB", "1.2 GB". */
export function formatBytes(bytes: number): string {
	if (bytes < 1e6) return unit(bytes / 1e3, 'kilobyte', bytes < 1e4 ? 1 : 0);
	if (bytes < 1e9) return unit(bytes / 1e6, 'megabyte', bytes < 1e7 ? 1 : 0);
	return unit(bytes / 1e9, 'gigabyte', 1);
}

/** Transfer speed: "2.4 MB/s". */
export function formatBytesPerSecond(bytesPerSecond: number): string {
	if (bytesPerSecond < 1e6) return unit(bytesPerSecond / 1e3, 'kilobyte-per-second');
	return unit(bytesPerSecond / 1e6, 'megabyte-per-second', 1);
}

/** Network rates: "850 kb/s", "2.0 Mb/s". */
export function formatBitrate(bitsPerSecond: number | null): string {
	if (bitsPerSecond === null) return '—';
	if (bitsPerSecond >= 1e6) return unit(bitsPerSecond / 1e6, 'megabit-per-second', 1);
	return unit(bitsPerSecond / 1e3, 'kilobit-per-second');
}

export function formatMilliseconds(ms: number): string {
	return unit(ms, 'millisecond');
}

/** 0–100 → "1.5 %" in the language's own percent form. */
export function formatPercent(percent: number): string {
	return new Intl.NumberFormat(getLocale(), { style: 'percent', maximumFractionDigits: 1 }).format(
		percent / 100
	);
}

/** A clock time of day: "14:05", "2:05 PM". */
export function formatTime(at: number): string {
	return new Date(at).toLocaleTimeString(getLocale(), { hour: '2-digit', minute: '2-digit' });
}

interface DurationFormatLike {
	format(duration: Record<string, number>): string;
}
type DurationFormatConstructor = new (
	locale: string,
	options: { style: 'short' } & Record<string, string>
) => DurationFormatLike;

/**
 * A time span for a status line, to the second under an hour ("1 min, 5 sec"), else to the minute: with
 * Intl.DurationFormat where it exists (Chrome 129, Firefox 136, Safari 16.4), else the same parts joined with
 * Intl.ListFormat.
 */
export function formatSpan(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	const parts: Record<string, number> =
		s < 60
			? { seconds: s }
			: s < 3600
				? { minutes: Math.floor(s / 60), seconds: s % 60 }
				: { hours: Math.floor(s / 3600), minutes: Math.floor(s / 60) % 60 };
	const DurationFormat = (Intl as unknown as { DurationFormat?: DurationFormatConstructor }).DurationFormat;
	// DurationFormat leaves out units that are 0, so "0 sec" became "" ("Made  ago"): the largest unit always shows.
	const first = `${Object.keys(parts)[0] ?? 'seconds'}Display`;
	if (DurationFormat) {
		return new DurationFormat(getLocale(), { style: 'short', [first]: 'always' }).format(parts);
	}
	const names: Record<string, string> = { hours: 'hour', minutes: 'minute', seconds: 'second' };
	const shown = Object.entries(parts).filter(([, v], i) => v > 0 || i === 0);
	return new Intl.ListFormat(getLocale(), { type: 'unit', style: 'short' }).format(
		shown.map(([k, v]) => unit(v, names[k] ?? k))
	);
}

/** The call's running time as a clock, 0:07, 12:45, 1:02:03: the same digits in every language. */
export function formatClock(ms: number): string {
	const s = Math.max(0, Math.floor(ms / 1000));
	const hh = Math.floor(s / 3600);
	const mm = Math.floor((s % 3600) / 60);
	const ss = String(s % 60).padStart(2, '0');
	return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}
