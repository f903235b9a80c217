/**
 * How easily a figure sells, beside its headline price (docs/prices.md defines each figure):
 * sold listings of the last 30 days, asking listings listed now, sell-through and sales per week,
 * and a thin-market flag when it sells fewer than THIN_MARKET_BELOW times a month.
 */

/** Fewer sales than this in 30 days make a thin market: the headline moves on a single sale. */
export const THIN_MARKET_BELOW = 4;
const WINDOW_DAYS = 30;

export interface Liquidity {
  /** Sold listings of this condition on the 30 days up to today. */
  sold30d: number;
  /** Asking listings of this condition on the latest of those days with any. */
  listedNow: number;
  /** sold30d / (sold30d + listedNow), 0..1; null when both are 0. */
  sellThrough: number | null;
  /** sold30d spread over the 30 days, per 7. */
  salesPerWeek: number;
  /** sold30d < THIN_MARKET_BELOW. */
  thin: boolean;
}

export function liquidity(sold30d: number, listedNow: number): Liquidity {
  const offered = sold30d + listedNow;
  return {
    sold30d,
    listedNow,
    sellThrough: offered === 0 ? null : sold30d / offered,
    salesPerWeek: (sold30d * 7) / WINDOW_DAYS,
    thin: sold30d < THIN_MARKET_BELOW,
  };
}
