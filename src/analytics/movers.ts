import type { EntityManager } from '@mikro-orm/postgresql';
import { dayNumber, dayString } from '../db/repositories/headline-prices.js';
import { latestHeadlineDay, type MoverRow, moverRows } from '../db/repositories/movers.js';
import { moversLatestAsOf, storedMoverRows } from '../db/repositories/movers-latest.js';
import { LOW_CONFIDENCE_BELOW } from './outlier-rule.js';
import {
  type FigureInfo,
  type HeadlineBasis,
  type MarketMovers,
  type MarketMoversOptions,
  MOVER_PERIOD_DAYS,
  type PricePoint,
} from './types.js';

/** Of the 90 days before the as-of day, this many need a sold-based headline for a "new low". */
export const NEW_LOW_MIN_PRICED_DAYS = 60;

/**
 * Market movers over 1, 7 or 30 days, from the stored daily headline prices (refresh first):
 *  - gainers and losers: the change of the headline between the start day and the as-of day, only
 *    between prices of the same basis with at least `minListings` kept listings at both ends (each
 *    entry carries both sample sizes and a low-confidence flag);
 *  - most listed: the most current listings (sold and asking) over the period's days;
 *  - new lows: a sold-based headline below every sold-based headline of the 90 days before, for
 *    figures with such a price on at least 60 of those days.
 * Each figure appears once per condition (both conditions unless `condition` is given).
 */
export async function marketMovers(em: EntityManager, opts: MarketMoversOptions): Promise<MarketMovers> {
  const minListings = Math.max(1, Math.floor(opts.minListings ?? LOW_CONFIDENCE_BELOW));
  const limit = Math.min(100, Math.max(1, Math.floor(opts.limit ?? 10)));
  const asOf = opts.asOf ?? (await latestHeadlineDay(em));
  const empty = { gainers: [], losers: [], mostListed: [], newLows: [] };
  if (!asOf) return { period: opts.period, asOf: null, startDate: null, minListings, ...empty };
  const startDate = dayString(dayNumber(asOf) - MOVER_PERIOD_DAYS[opts.period]);
  const q = {
    endDay: asOf,
    startDay: startDate,
    period: opts.period,
    minListings,
    limit,
    condition: opts.condition,
    theme: opts.theme,
    minPricedDays: NEW_LOW_MIN_PRICED_DAYS,
    minSales: opts.minSales,
  };
  // The refresh stores the latest day's movers; an earlier day is computed from its headlines.
  const stored = (await moversLatestAsOf(em)) === asOf;
  const rows = stored ? await storedMoverRows(em, q) : await moverRows(em, q);
  const result: MarketMovers = { period: opts.period, asOf, startDate, minListings, ...empty };
  for (const r of rows) {
    const end = point(asOf, r.end_price, r.end_basis, r.end_n, r.end_low);
    const base = { ...figure(r), condition: r.condition, end };
    if (r.list === 'gainers' || r.list === 'losers') {
      const start = point(
        startDate,
        r.start_price ?? '0',
        r.start_basis ?? '',
        r.start_n ?? 0,
        r.start_low ?? true,
      );
      const mover = {
        ...base,
        start,
        change: Number(r.change),
        lowConfidence: end.lowConfidence || start.lowConfidence,
      };
      result[r.list].push(mover);
    } else if (r.list === 'most_listed') {
      result.mostListed.push({ ...base, listings: Number(r.listings) });
    } else {
      result.newLows.push({
        ...base,
        previousLowUsd: Number(r.previous_low),
        pricedDays: Number(r.priced_days),
      });
    }
  }
  const byChange = (a: { change: number; itemNo: string }, b: { change: number; itemNo: string }) =>
    b.change - a.change || a.itemNo.localeCompare(b.itemNo);
  result.gainers.sort(byChange);
  result.losers.sort((a, b) => a.change - b.change || a.itemNo.localeCompare(b.itemNo));
  result.mostListed.sort((a, b) => b.listings - a.listings || a.itemNo.localeCompare(b.itemNo));
  result.newLows.sort(
    (a, b) =>
      a.end.priceUsd / a.previousLowUsd - b.end.priceUsd / b.previousLowUsd ||
      a.itemNo.localeCompare(b.itemNo),
  );
  return result;
}

function figure(r: MoverRow): FigureInfo {
  return { minifigureId: r.minifigure_id, itemNo: r.item_no, name: r.name, theme: r.theme };
}

function point(date: string, price: string, basis: string, n: number, low: boolean): PricePoint {
  return {
    date,
    priceUsd: Number(price),
    basis: basis as HeadlineBasis,
    listingCount: Number(n),
    lowConfidence: low,
  };
}
