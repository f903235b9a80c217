/**
 * THE OUTLIER RULE, used by every statistic we publish (daily snapshots, the headline price, movers).
 *
 * It is applied to one group at a time: the listings of one figure, in one condition, in one window
 * (a snapshot's UTC day; a headline tier's 30- or 180-day window of sold or asking prices).
 *  - Groups of fewer than MIN_SCREENED listings are kept whole: two prices cannot say which is wrong.
 *  - Otherwise, on the log of the price (prices are multiplicative: $2 vs $4 is as far as $20 vs $40),
 *    with m the median log price and MAD the median absolute deviation from m, a listing is an
 *    outlier when |ln p - m| > max(3 x 1.4826 x MAD, ln 1.5). 1.4826 x MAD estimates the standard
 *    deviation of normal noise, so this is the usual "3 MADs"; the floor keeps every price within a
 *    factor 1.5 of the median when more than half the group shares one price (MAD = 0).
 *  - Prices below $0.01 count as $0.01 (ln 0 is undefined; such a price is always far out).
 * A single $9,999 or $0.01 among three or more ordinary prices is therefore always dropped, and the
 * median of what is kept is the median of the ordinary prices.
 *
 * The SQL (snapshots) and the TypeScript (headline) evaluate this same rule with these constants.
 */

export const MIN_SCREENED = 3;
export const OUTLIER_MADS = 3;
/** MAD to standard deviation for normally distributed noise. */
export const MAD_TO_SIGMA = 1.4826;
/** The fence is never narrower than this factor around the median. */
export const MIN_FENCE_FACTOR = 1.5;
/** Log-space slack so that a price exactly on the fence is kept whatever the float rounding. */
export const FENCE_TOLERANCE = 1e-9;
/** Prices count as at least this much when taking the log. */
export const PRICE_FLOOR_USD = 0.01;
/** Fewer kept listings than this behind a figure: flagged low-confidence. */
export const LOW_CONFIDENCE_BELOW = 5;

const MIN_FENCE = Math.log(MIN_FENCE_FACTOR);

/** The fence half-width in log space for a group of `n` listings whose log prices have this MAD. */
export function fenceWidth(n: number, mad: number): number {
  if (n < MIN_SCREENED) return Number.POSITIVE_INFINITY;
  return Math.max(OUTLIER_MADS * MAD_TO_SIGMA * mad, MIN_FENCE) + FENCE_TOLERANCE;
}

/** The columns keptSql reads, per row. */
export interface KeptColumns {
  logPrice: string;
  /** The group's median log price. */
  logMedian: string;
  /** The group's median absolute deviation of log prices. */
  mad: string;
  groupSize: string;
}

/** The same rule as a SQL boolean over those columns. True means the listing is kept. */
export function keptSql(c: KeptColumns): string {
  const fence = `greatest(${OUTLIER_MADS} * ${MAD_TO_SIGMA} * ${c.mad}, ln(${MIN_FENCE_FACTOR}::float8)) + ${FENCE_TOLERANCE}`;
  return `(${c.groupSize} < ${MIN_SCREENED} or abs(${c.logPrice} - ${c.logMedian}) <= ${fence})`;
}

/** Log price as the rule uses it, in SQL. */
export function logPriceSql(price: string): string {
  return `ln(greatest(${price}, ${PRICE_FLOOR_USD})::float8)`;
}
