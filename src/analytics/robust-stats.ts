import { fenceWidth, PRICE_FLOOR_USD } from './outlier-rule.js';

/**
 * Money in ten-thousandths of a dollar: price_usd is numeric(12,4), so every stored price is an
 * integer number of these units and sums and medians stay exact (no float cents).
 */
export const UNITS_PER_USD = 10_000;

/** "12.3400" (or 12.34) to 123400 units, without going through a float for strings. */
export function toUnits(price: string | number): number {
  if (typeof price === 'number') return Math.round(price * UNITS_PER_USD);
  const match = /^(-?)(\d+)(?:\.(\d*))?$/.exec(price.trim());
  if (!match) throw new Error(`not a decimal price: ${JSON.stringify(price)}`);
  const fraction = (match[3] ?? '').padEnd(4, '0');
  // A fifth decimal (never stored, numeric(12,4)) rounds half up like PostgreSQL's numeric cast.
  const units =
    Number(match[2]) * UNITS_PER_USD + Number(fraction.slice(0, 4)) + (Number(fraction[4] ?? 0) >= 5 ? 1 : 0);
  return match[1] === '-' ? -units : units;
}

/** 123400 units to 12.34 (a display number; use toDecimalString for exact text). */
export function unitsToUsd(units: number): number {
  return units / UNITS_PER_USD;
}

export function toDecimalString(units: number): string {
  const sign = units < 0 ? '-' : '';
  const abs = Math.abs(units);
  return `${sign}${Math.floor(abs / UNITS_PER_USD)}.${String(abs % UNITS_PER_USD).padStart(4, '0')}`;
}

/**
 * Median of sorted integers as percentile_cont(0.5) defines it (the mean of the two middle values
 * for an even count), rounded half up to a whole unit like a numeric(12,4) column would store it.
 */
export function medianOfSorted(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n === 0) throw new Error('median of nothing');
  const lo = sorted[(n - 1) >> 1] as number;
  const hi = sorted[n >> 1] as number;
  return Math.floor((lo + hi + 1) / 2);
}

function medianFloat(sorted: readonly number[]): number {
  const n = sorted.length;
  return ((sorted[(n - 1) >> 1] as number) + (sorted[n >> 1] as number)) / 2;
}

export interface Screened {
  /** The kept prices in units, ascending. */
  kept: number[];
  /** How many the outlier rule left out. */
  excluded: number;
}

/** Applies the outlier rule (src/analytics/outlier-rule.ts) to one group of prices in units. */
export function screenOutliers(prices: readonly number[]): Screened {
  const sorted = [...prices].sort((a, b) => a - b);
  const width = fenceWidth(sorted.length, 0);
  if (!Number.isFinite(width)) return { kept: sorted, excluded: 0 };
  const floor = PRICE_FLOOR_USD * UNITS_PER_USD;
  const logs = sorted.map((p) => Math.log(Math.max(p, floor) / UNITS_PER_USD));
  const m = medianFloat(logs);
  const deviations = logs.map((y) => Math.abs(y - m)).sort((a, b) => a - b);
  const fence = fenceWidth(sorted.length, medianFloat(deviations));
  const kept = sorted.filter((_, i) => Math.abs((logs[i] as number) - m) <= fence);
  return { kept, excluded: sorted.length - kept.length };
}
