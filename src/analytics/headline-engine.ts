import type { Condition } from '../ingest/types.js';
import { LOW_CONFIDENCE_BELOW } from './outlier-rule.js';
import { medianOfSorted, screenOutliers } from './robust-stats.js';
import type { HeadlineBasis } from './types.js';

/**
 * THE HEADLINE PRICE, the one figure shown wherever a "price" is shown. For one figure, one condition
 * and one as-of UTC day D, the first of these tiers with at least one current, confidently matched
 * listing gives the price:
 *   1. sold prices of days D-29..D (the trailing 30 days), 2. asking prices of D-29..D,
 *   3. sold prices of D-179..D (180 days), 4. asking prices of D-179..D; otherwise there is no price.
 * Within the tier, the outlier rule (outlier-rule.ts) removes junk, and the price is the median of
 * what is left (percentile_cont(0.5) semantics, each listing once: a lot of 3 is one price). Fewer
 * than LOW_CONFIDENCE_BELOW kept listings make it low-confidence. The result always carries its
 * basis, window and listing count.
 */

export const RECENT_WINDOW_DAYS = 30;
export const LONG_WINDOW_DAYS = 180;

/** One figure's current listings, parallel arrays sorted by day (UTC day numbers since 1970-01-01). */
export interface FigureListings {
  minifigureId: string;
  days: number[];
  isNew: boolean[];
  isSold: boolean[];
  /** Price in units of $0.0001 (robust-stats.ts). */
  prices: number[];
  /** Data source names, when the caller wants the per-source split (live quotes). */
  sources?: string[];
}

export interface HeadlineRow {
  minifigureId: string;
  condition: Condition;
  day: number;
  priceUnits: number;
  basis: HeadlineBasis;
  windowDays: 30 | 180;
  listingCount: number;
  outliersExcluded: number;
  lowConfidence: boolean;
  /** Current listings of this condition, both kinds, on day D, D-6..D and D-29..D. */
  listings1d: number;
  listings7d: number;
  listings30d: number;
  /** Liquidity (docs/prices.md): sold listings of this condition on days D-29..D. */
  sold30d: number;
  /** Asking listings of this condition on the latest day of D-29..D that has any: what is for sale now. */
  listedNow: number;
}

export interface HeadlineDetail extends HeadlineRow {
  /** Indices into the FigureListings arrays of the kept listings. */
  keptIndices: number[];
}

const TIERS: { basis: HeadlineBasis; windowDays: 30 | 180; sold: boolean }[] = [
  { basis: 'sold-30d', windowDays: 30, sold: true },
  { basis: 'asking-30d', windowDays: 30, sold: false },
  { basis: 'sold-180d', windowDays: 180, sold: true },
  { basis: 'asking-180d', windowDays: 180, sold: false },
];

/**
 * The headline of one condition at day `day`, or null when no tier has a listing. With `recentOnly`
 * (the listings only reach 30 days back) the 180-day tiers are not tried and null means "unknown".
 */
export function headlineAt(
  fig: FigureListings,
  condition: Condition,
  day: number,
  recentOnly = false,
): HeadlineDetail | null {
  const hi = lowerBound(fig.days, day + 1);
  const lo30 = lowerBound(fig.days, day - RECENT_WINDOW_DAYS + 1);
  const lo180 = recentOnly ? lo30 : lowerBound(fig.days, day - LONG_WINDOW_DAYS + 1);
  return headlineInRange(fig, condition, day, { lo180, lo30, hi }, recentOnly, true);
}

function headlineInRange(
  fig: FigureListings,
  condition: Condition,
  day: number,
  range: { lo180: number; lo30: number; hi: number },
  recentOnly: boolean,
  withIndices: boolean,
): HeadlineDetail | null {
  const wantNew = condition === 'new';
  const counts = { d1: 0, d7: 0, d30: 0 };
  const sold: number[] = [];
  const asking: number[] = [];
  // Lots for sale are observed again at every fetch, so the latest day with any holds what is
  // listed now; counting every day of the window would count a lot once per fetch.
  let listedDay = Number.NEGATIVE_INFINITY;
  let listedNow = 0;
  for (let i = range.lo30; i < range.hi; i++) {
    if (fig.isNew[i] !== wantNew) continue;
    const listingDay = fig.days[i] as number;
    const age = day - listingDay;
    counts.d30++;
    if (age < 7) counts.d7++;
    if (age === 0) counts.d1++;
    if (fig.isSold[i]) sold.push(i);
    else {
      asking.push(i);
      if (listingDay > listedDay) {
        listedDay = listingDay;
        listedNow = 0;
      }
      listedNow++;
    }
  }
  const tiers: [(typeof TIERS)[number], number[]][] = [
    [TIERS[0] as (typeof TIERS)[number], sold],
    [TIERS[1] as (typeof TIERS)[number], asking],
  ];
  if (sold.length === 0 && asking.length === 0 && !recentOnly) {
    // The 180-day tiers are needed only when the last 30 days have nothing of this condition.
    const older: number[][] = [[], []];
    for (let i = range.lo180; i < range.lo30; i++) {
      if (fig.isNew[i] === wantNew) (older[fig.isSold[i] ? 0 : 1] as number[]).push(i);
    }
    tiers.push([TIERS[2] as (typeof TIERS)[number], older[0] as number[]]);
    tiers.push([TIERS[3] as (typeof TIERS)[number], older[1] as number[]]);
  }
  for (const [tier, indices] of tiers) {
    if (indices.length === 0) continue;
    const { kept, excluded } = screenOutliers(indices.map((i) => fig.prices[i] as number));
    const low = kept[0] as number;
    const high = kept[kept.length - 1] as number;
    return {
      minifigureId: fig.minifigureId,
      condition,
      day,
      priceUnits: medianOfSorted(kept),
      basis: tier.basis,
      windowDays: tier.windowDays,
      listingCount: kept.length,
      outliersExcluded: excluded,
      lowConfidence: kept.length < LOW_CONFIDENCE_BELOW,
      listings1d: counts.d1,
      listings7d: counts.d7,
      listings30d: counts.d30,
      sold30d: sold.length,
      listedNow,
      keptIndices: withIndices
        ? indices.filter((i) => (fig.prices[i] as number) >= low && (fig.prices[i] as number) <= high)
        : [],
    };
  }
  return null;
}

export interface SeriesResult {
  rows: HeadlineRow[];
  /** With recentOnly: some (condition, day) had no 30-day listing, so its 180-day tiers are unknown. */
  incomplete: boolean;
}

/** Headline rows of both conditions for every as-of day in [fromDay, toDay]. */
export function headlineSeries(
  fig: FigureListings,
  fromDay: number,
  toDay: number,
  recentOnly = false,
): SeriesResult {
  const rows: HeadlineRow[] = [];
  let incomplete = false;
  for (const condition of ['new', 'used'] as const) {
    for (let day = fromDay; day <= toDay; day++) {
      const hi = lowerBound(fig.days, day + 1);
      const lo30 = lowerBound(fig.days, day - RECENT_WINDOW_DAYS + 1);
      const lo180 = recentOnly ? lo30 : lowerBound(fig.days, day - LONG_WINDOW_DAYS + 1);
      const detail = headlineInRange(fig, condition, day, { lo180, lo30, hi }, recentOnly, false);
      if (detail) {
        const { keptIndices: _, ...row } = detail;
        rows.push(row);
      } else if (recentOnly) {
        incomplete = true;
      }
    }
  }
  return { rows, incomplete };
}

/** First index whose value is >= target in an ascending array. */
function lowerBound(values: readonly number[], target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((values[mid] as number) < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
