/**
 * Public types of the market analytics, for the chat commands, alerts and digests that show them.
 * Prices are USD display numbers here; storage keeps numeric(12,4). Dates are 'YYYY-MM-DD' (UTC).
 * The definitions behind the numbers are in docs/prices.md.
 */
import type { Condition } from '../ingest/types.js';
import type { Liquidity } from './liquidity.js';

/**
 * Which listings stand behind a headline price, in the order they are tried: sold prices over the
 * trailing 30 days, asking prices over 30 days, then the same over 180 days, else no price.
 */
export type HeadlineBasis = 'sold-30d' | 'asking-30d' | 'sold-180d' | 'asking-180d';

export interface HeadlinePrice {
  condition: Condition;
  /** The as-of day: the window ends with this UTC day, today included up to now. */
  asOf: string;
  /** Null when no listing of this condition exists within 180 days (basis 'none'). */
  priceUsd: number | null;
  basis: HeadlineBasis | 'none';
  /** 30 or 180; null with basis 'none'. */
  windowDays: 30 | 180 | null;
  /** Listings the price is the median of, after outliers are removed. */
  listingCount: number;
  outliersExcluded: number;
  /** Fewer than LOW_CONFIDENCE_BELOW (5) listings stand behind the price (always true for 'none'). */
  lowConfidence: boolean;
  /** Lowest and highest of the kept listings. */
  minUsd: number | null;
  maxUsd: number | null;
  /** The same kept listings split by data source. */
  bySource: { source: string; listingCount: number; medianUsd: number }[];
  /**
   * Change of the headline against the stored headline 1, 7 and 30 days earlier, as a fraction
   * (0.25 = +25%), only when both have the same basis and at least 5 listings (as movers require);
   * null otherwise or without history.
   */
  change: { '1d': number | null; '7d': number | null; '30d': number | null };
  /** Sold in 30 days, listed now, sell-through, sales per week, thin market (liquidity.ts). */
  liquidity: Liquidity;
}

export type MoverPeriod = '1d' | '7d' | '30d';
export const MOVER_PERIOD_DAYS: Record<MoverPeriod, number> = { '1d': 1, '7d': 7, '30d': 30 };

export interface MarketMoversOptions {
  period: MoverPeriod;
  /** Only this condition; both when absent (each figure then appears once per condition). */
  condition?: Condition;
  /** Exact catalogue theme. */
  theme?: string;
  /** Kept listings required behind the headline at both ends (default LOW_CONFIDENCE_BELOW, 5). */
  minListings?: number;
  /** Only figures sold at least this many times in the 30 days up to the as-of day (liquidity.ts). */
  minSales?: number;
  /** Entries per list (default 10, at most 100). */
  limit?: number;
  /** The "now" end of the period (default: the latest as-of day the refresh has computed). */
  asOf?: string;
}

export interface FigureInfo {
  minifigureId: string;
  itemNo: string;
  name: string;
  theme: string | null;
}

/** One end of a move: the stored headline price of that day. */
export interface PricePoint {
  date: string;
  priceUsd: number;
  basis: HeadlineBasis;
  listingCount: number;
  lowConfidence: boolean;
}

export interface Mover extends FigureInfo {
  condition: Condition;
  start: PricePoint;
  end: PricePoint;
  /** (end - start) / start, as a fraction (0.25 = +25%). */
  change: number;
  /** Either end is low-confidence (only possible with minListings below 5). */
  lowConfidence: boolean;
}

export interface MostListed extends FigureInfo {
  condition: Condition;
  /** Current listings (sold and asking, any source) in the period's days up to the as-of day. */
  listings: number;
  /** The headline at the as-of day. */
  end: PricePoint;
}

export interface NewLow extends FigureInfo {
  condition: Condition;
  end: PricePoint;
  /** The lowest sold-based headline of the 90 days before the as-of day. */
  previousLowUsd: number;
  /** Days of those 90 that had a sold-based headline (at least 60 are required). */
  pricedDays: number;
}

export interface MarketMovers {
  period: MoverPeriod;
  /** Null when no headline has been computed yet (every list is then empty). */
  asOf: string | null;
  startDate: string | null;
  minListings: number;
  gainers: Mover[];
  losers: Mover[];
  mostListed: MostListed[];
  newLows: NewLow[];
}
