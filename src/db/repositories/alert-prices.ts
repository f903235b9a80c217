/**
 * The prices alert evaluation reads, in one place.
 *
 * `loadAlertPrices` fills the temporary table `alert_prices` (dropped at commit) with one row per
 * figure and condition that has an active alert, from the headline prices the snapshot refresh
 * stores (src/analytics, table headline_prices; docs/prices.md):
 *   price, tier, basis, window_days,        the headline of the latest as-of day every figure has
 *   listing_count, low_confidence, as_of    (snapshot_refresh_state.headline_through)
 *   price_1d, price_7d, price_30d           the stored headline 1, 7 and 30 days before, only when
 *                                            it has the same basis and is not low-confidence (as the
 *                                            movers compare)
 *   low_30, low_60, low_90                  new-low alerts: the lowest sold-30d headline of the N days
 *                                            before, when the current one is sold-30d too and at least
 *                                            two thirds of those days had one (the analytics' new-lows
 *                                            rule, 60 of 90, applied to every look-back)
 * These columns are the contract with ./alert-evaluation.ts and ./deal-evaluation.ts. Reading the
 * stored headlines makes evaluation a handful of index lookups per figure: it never re-reads listings,
 * and alerts fire on exactly the price the rest of the product shows for that day.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/** Share of a new-low look-back that must have a sold-based headline (the analytics' 60 of 90). */
export const NEW_LOW_MIN_PRICED_SHARE = 2 / 3;

/** The same-basis, confident headline `days` before the as-of day, for pairs flagged `need_<period>`. */
function earlier(period: string, days: number): string {
  return `case when c.need_${period} then (
    select h.price_usd::float8 from headline_prices h
    where h.minifigure_id = c.minifigure_id and h.condition = c.condition and h.date = c.date - ${days}
      and h.basis = c.tier and not h.low_confidence) end`;
}

export async function loadAlertPrices(em: EntityManager): Promise<{ pairs: number; asOf: string | null }> {
  await query(em, 'drop table if exists pg_temp.alert_prices');
  // One pass. Each earlier headline is one primary-key lookup, made only for pairs with a change
  // alert of that period (a scalar subquery under CASE runs only when its branch is taken); lows
  // read only the look-back the pair's new-low alerts need.
  await query(
    em,
    `create temporary table alert_prices on commit drop as
     with asof as (
       select headline_through as d from snapshot_refresh_state where id = 1 and headline_through is not null
     ), pairs as materialized (
       select minifigure_id, condition,
              bool_or(kind = 'change' and period_days = 1) as need_1d,
              bool_or(kind = 'change' and period_days = 7) as need_7d,
              bool_or(kind = 'change' and period_days = 30) as need_30d,
              max(period_days) filter (where kind = 'new-low') as low_days
       from alerts where removed_at is null
       group by minifigure_id, condition
     ), cur as (
       select p.*, h.date, h.price_usd::float8 as price, h.basis as tier, h.window_days, h.listing_count,
              h.low_confidence
       from pairs p cross join asof
       join headline_prices h on h.minifigure_id = p.minifigure_id and h.condition = p.condition and h.date = asof.d
     )
     select c.minifigure_id, c.condition, c.date as as_of, c.price, c.tier,
            case when c.tier like 'sold%' then 'sold' else 'asking' end as basis,
            c.window_days::int as window_days, c.listing_count, c.low_confidence,
            ${earlier('1d', 1)} as price_1d, ${earlier('7d', 7)} as price_7d, ${earlier('30d', 30)} as price_30d,
            case when lw.n30 >= ceil(30 * ?::float8) then lw.low30 end as low_30,
            case when lw.n60 >= ceil(60 * ?::float8) then lw.low60 end as low_60,
            case when lw.n90 >= ceil(90 * ?::float8) then lw.low90 end as low_90
     from cur c
     left join lateral (
       select min(h.price_usd::float8) filter (where h.date >= c.date - 30) as low30,
              count(*) filter (where h.date >= c.date - 30) as n30,
              min(h.price_usd::float8) filter (where h.date >= c.date - 60) as low60,
              count(*) filter (where h.date >= c.date - 60) as n60,
              min(h.price_usd::float8) as low90, count(*) as n90
       from headline_prices h
       where c.low_days is not null and c.tier = 'sold-30d'
         and h.minifigure_id = c.minifigure_id and h.condition = c.condition
         and h.date >= c.date - c.low_days and h.date < c.date and h.basis = 'sold-30d'
     ) lw on true`,
    [NEW_LOW_MIN_PRICED_SHARE, NEW_LOW_MIN_PRICED_SHARE, NEW_LOW_MIN_PRICED_SHARE],
  );
  await query(em, 'create unique index on alert_prices (minifigure_id, condition)');
  await query(em, 'analyze alert_prices');
  const [row] = await query<{ n: number; as_of: string | null }[]>(
    em,
    `select count(*)::int as n, to_char(max(as_of), 'YYYY-MM-DD') as as_of from alert_prices`,
  );
  return { pairs: row?.n ?? 0, asOf: row?.as_of ?? null };
}
