/**
 * INTERIM digest figures computed from price_listings, until the snapshots issue's analytics
 * (src/analytics/: newLows, mostListed) land; movers come from the commands' interim movers
 * (./interim-prices.ts). src/alerts/digest-sources.ts is the only caller, so the swap is one file.
 *
 * - New lows: figure and condition pairs whose 30-day median of sold listings (the headline's first
 *   basis, at least MIN_SAMPLE sales) is under the lowest such median measured weekly (windows ending
 *   7, 14, ... days ago) over the look-back. Weekly, not daily, to keep one pass over the listings
 *   affordable for the whole catalogue.
 * - Most listed: figures with the most current listings (any kind and condition) in the last days.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DigestMostListed, DigestNewLow } from '../../alerts/types.js';
import type { Condition } from '../../deps.js';

const MIN_SAMPLE = 3;

interface FigureRow {
  id: string;
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
}

export async function interimNewLows(
  em: EntityManager,
  q: { now: Date; minConfidence: number; theme?: string; days: number; limit: number },
): Promise<DigestNewLow[]> {
  const weeks = Math.floor(q.days / 7);
  const rows = await em.execute<
    (FigureRow & { condition: Condition; price: number; previousLow: number; listingCount: number })[]
  >(
    `with l as (
       select l.minifigure_id, l.condition, l.price_usd::float8 as p,
              extract(epoch from (?::timestamptz - l."timestamp")) / 86400 as age
       from price_listings l ${q.theme ? 'join minifigures m on m.id = l.minifigure_id and m.theme = ?' : ''}
       where l.kind = 'sold' and l.superseded_at is null and l.confidence_score >= ?
         and l."timestamp" <= ?::timestamptz and l."timestamp" > ?::timestamptz - make_interval(days => ?)
     ), windows as (
       select l.minifigure_id, l.condition, w.k, count(*)::int as n,
              percentile_cont(0.5) within group (order by l.p) as med
       from l cross join lateral generate_series(
         greatest(0, floor((l.age - 30) / 7)::int + 1), least(?, floor(l.age / 7)::int)) as w(k)
       group by l.minifigure_id, l.condition, w.k
       having count(*) >= ?
     ), lows as (
       select minifigure_id, condition,
              max(med) filter (where k = 0) as price, max(n) filter (where k = 0) as n,
              min(med) filter (where k > 0) as previous_low
       from windows group by minifigure_id, condition
     )
     select m.id, m.set_number as "itemNo", m.name, m.theme, m.year_released as year, lows.condition,
            lows.price, lows.previous_low as "previousLow", lows.n as "listingCount"
     from lows join minifigures m on m.id = lows.minifigure_id
     where lows.price < lows.previous_low
     order by lows.price / lows.previous_low, m.set_number, lows.condition
     limit ?`,
    [
      q.now,
      ...(q.theme ? [q.theme] : []),
      q.minConfidence,
      q.now,
      q.now,
      weeks * 7 + 30,
      weeks,
      MIN_SAMPLE,
      q.limit,
    ],
  );
  return rows.map((r) => ({
    figure: { id: r.id, itemNo: r.itemNo, name: r.name, theme: r.theme, year: r.year },
    condition: r.condition,
    price: Number(r.price),
    previousLow: Number(r.previousLow),
    listingCount: r.listingCount,
  }));
}

export async function interimMostListed(
  em: EntityManager,
  q: { now: Date; minConfidence: number; theme?: string; days: number; limit: number },
): Promise<DigestMostListed[]> {
  const rows = await em.execute<(FigureRow & { listings: number })[]>(
    `select m.id, m.set_number as "itemNo", m.name, m.theme, m.year_released as year, c.listings
     from (
       select l.minifigure_id, count(*)::int as listings
       from price_listings l ${q.theme ? 'join minifigures f on f.id = l.minifigure_id and f.theme = ?' : ''}
       where l.superseded_at is null and l.confidence_score >= ?
         and l."timestamp" <= ?::timestamptz and l."timestamp" > ?::timestamptz - make_interval(days => ?)
       group by l.minifigure_id
       order by listings desc, l.minifigure_id
       limit ?
     ) c join minifigures m on m.id = c.minifigure_id
     order by c.listings desc, m.set_number`,
    [...(q.theme ? [q.theme] : []), q.minConfidence, q.now, q.now, q.days, q.limit],
  );
  return rows.map((r) => ({
    figure: { id: r.id, itemNo: r.itemNo, name: r.name, theme: r.theme, year: r.year },
    listings: r.listings,
  }));
}
