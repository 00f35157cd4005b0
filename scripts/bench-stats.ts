// What every benchmark prints: the median and range of its runs, and a run count that can make them.

/** The median of `values` (the mean of the two middle ones for an even count); NaN for none. */
export function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

/** "median (min–max)" with `digits` decimals. */
export const spread = (values: number[], digits = 1): string =>
	`${median(values).toFixed(digits)} (${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)})`;
