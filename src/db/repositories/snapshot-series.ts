/**
 * One figure's daily price series from price_snapshots (written by the snapshots refresh, outliers
 * already left out), for the `history` chart. With a condition, that condition's split from the
 * snapshot's metadata (`by_condition.new|used`: min, max, median, listing_count, sold_count).
 * `sold` is the day's kept sales (`by_kind.sold` over both conditions); null on a snapshot written
 * before the refresh counted sales per condition.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Condition, DailyHeadline, DailyPrice } from '../../deps.js';
import { query } from './analytics-sql.js';

export async function snapshotDailySeries(
  em: EntityManager,
  figureId: string,
  days: number,
  now: Date,
  condition?: Condition,
): Promise<DailyPrice[]> {
  const pick = (field: string, column: string) =>
    condition ? `(s.metadata #>> '{by_condition,${condition},${field}}')::float8` : `s.${column}::float8`;
  // Without a condition, a day without kept sales has no by_kind.sold split: zero sales.
  const sold = condition
    ? `(s.metadata #>> '{by_condition,${condition},sold_count}')::int`
    : `coalesce((s.metadata #>> '{by_kind,sold,listing_count}')::int, 0)`;
  const rows = await query<(Omit<DailyPrice, 'sold'> & { sold: number | null })[]>(
    em,
    `select to_char(s.date, 'YYYY-MM-DD') as date, ${pick('median', 'median_price_usd')} as median,
            ${pick('min', 'min_price_usd')} as min, ${pick('max', 'max_price_usd')} as max,
            ${condition ? `(s.metadata #>> '{by_condition,${condition},listing_count}')::int` : 's.listing_count'} as count,
            ${sold} as sold
     from price_snapshots s
     where s.minifigure_id = ?
       and s.date > (?::timestamptz at time zone 'UTC')::date - ?::int
       and s.date <= (?::timestamptz at time zone 'UTC')::date
       ${condition ? `and s.metadata #> '{by_condition,${condition}}' is not null` : 'and s.listing_count > 0'}
     order by s.date`,
    [figureId, now, days, now],
  );
  return rows.map(({ sold, ...r }) => ({
    ...r,
    median: Number(r.median),
    min: Number(r.min),
    max: Number(r.max),
    ...(sold === null ? {} : { sold }),
  }));
}

/** The stored headline price per day (headline_prices, kept for the last 91 days), oldest first. */
export async function headlineDailySeries(
  em: EntityManager,
  figureId: string,
  days: number,
  now: Date,
  condition: Condition,
): Promise<DailyHeadline[]> {
  const rows = await query<{ date: string; price: string; basis: string }[]>(
    em,
    `select to_char(h.date, 'YYYY-MM-DD') as date, h.price_usd::text as price, h.basis
     from headline_prices h
     where h.minifigure_id = ? and h.condition = ?
       and h.date > (?::timestamptz at time zone 'UTC')::date - ?::int
       and h.date <= (?::timestamptz at time zone 'UTC')::date
     order by h.date`,
    [figureId, condition, now, days, now],
  );
  return rows.map((r) => ({ date: r.date, price: Number(r.price), basis: r.basis }));
}
