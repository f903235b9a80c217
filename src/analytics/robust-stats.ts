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

export interface Screened {
  /** The kept prices in units, ascending. */
  kept: number[];
  /** How many the outlier rule left out. */
  excluded: number;
}

/** Sorts the first `n` values ascending; insertion sort for the small groups that are the rule. */
function sortPrefix(values: Float64Array, n: number): void {
  if (n > 48) {
    values.subarray(0, n).sort();
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = values[i] as number;
    let j = i - 1;
    while (j >= 0 && (values[j] as number) > v) {
      values[j + 1] = values[j] as number;
      j--;
    }
    values[j + 1] = v;
  }
}

// Scratch space reused across calls: a rebuild screens millions of small groups.
let scratch = {
  prices: new Float64Array(256),
  logs: new Float64Array(256),
  deviations: new Float64Array(256),
};

function middle(values: Float64Array, n: number): number {
  return ((values[(n - 1) >> 1] as number) + (values[n >> 1] as number)) / 2;
}

/**
 * Applies the outlier rule (src/analytics/outlier-rule.ts) to one group of prices in units. The log
 * is monotonic, so what the rule keeps is a contiguous run of the sorted prices.
 */
export function screenOutliers(prices: readonly number[]): Screened {
  const n = prices.length;
  if (n > scratch.prices.length) {
    const size = 2 ** Math.ceil(Math.log2(n));
    scratch = {
      prices: new Float64Array(size),
      logs: new Float64Array(size),
      deviations: new Float64Array(size),
    };
  }
  const { prices: sorted, logs, deviations } = scratch;
  for (let i = 0; i < n; i++) sorted[i] = prices[i] as number;
  sortPrefix(sorted, n);
  if (!Number.isFinite(fenceWidth(n, 0))) return { kept: Array.from(sorted.subarray(0, n)), excluded: 0 };
  const floor = PRICE_FLOOR_USD * UNITS_PER_USD;
  for (let i = 0; i < n; i++) logs[i] = Math.log(Math.max(sorted[i] as number, floor) / UNITS_PER_USD);
  const m = middle(logs, n);
  for (let i = 0; i < n; i++) deviations[i] = Math.abs((logs[i] as number) - m);
  sortPrefix(deviations, n);
  const fence = fenceWidth(n, middle(deviations, n));
  let lo = 0;
  while (lo < n && Math.abs((logs[lo] as number) - m) > fence) lo++;
  let hi = n;
  while (hi > lo && Math.abs((logs[hi - 1] as number) - m) > fence) hi--;
  return { kept: Array.from(sorted.subarray(lo, hi)), excluded: n - (hi - lo) };
}
