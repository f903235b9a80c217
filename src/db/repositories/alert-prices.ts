/**
 * The prices alert evaluation reads, in one place.
 *
 * `loadAlertPrices` fills the temporary table `alert_prices` (dropped at commit) with one row per
 * figure and condition that has an active alert, from the headline prices the snapshot refresh
 * stores (src/analytics, table headline_prices; README "Prices: how they are computed"):
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

/** Share of a new-low look-back that must have a sold-based headline (the analytics' 60 of 90). */
export const NEW_LOW_MIN_PRICED_SHARE = 2 / 3;

export async function loadAlertPrices(em: EntityManager): Promise<{ pairs: number; asOf: string | null }> {
  await em.execute('drop table if exists pg_temp.alert_prices');
  await em.execute(
    `create temporary table alert_prices on commit drop as
     with asof as (
       select headline_through as d from snapshot_refresh_state where id = 1 and headline_through is not null
     ), pairs as materialized (
       select distinct minifigure_id, condition from alerts where removed_at is null
     ), cur as (
       select h.minifigure_id, h.condition, h.date, h.price_usd::float8 as price, h.basis as tier, h.window_days,
              h.listing_count, h.low_confidence
       from pairs p
       join headline_prices h on h.minifigure_id = p.minifigure_id and h.condition = p.condition
       join asof on h.date = asof.d
     )
     select c.minifigure_id, c.condition, c.date as as_of, c.price, c.tier,
            case when c.tier like 'sold%' then 'sold' else 'asking' end as basis,
            c.window_days::int as window_days, c.listing_count, c.low_confidence,
            h1.price_usd::float8 as price_1d, h7.price_usd::float8 as price_7d, h30.price_usd::float8 as price_30d,
            null::float8 as low_30, null::float8 as low_60, null::float8 as low_90
     from cur c
     left join headline_prices h1 on h1.minifigure_id = c.minifigure_id and h1.condition = c.condition
       and h1.date = c.date - 1 and h1.basis = c.tier and not h1.low_confidence
     left join headline_prices h7 on h7.minifigure_id = c.minifigure_id and h7.condition = c.condition
       and h7.date = c.date - 7 and h7.basis = c.tier and not h7.low_confidence
     left join headline_prices h30 on h30.minifigure_id = c.minifigure_id and h30.condition = c.condition
       and h30.date = c.date - 30 and h30.basis = c.tier and not h30.low_confidence`,
  );
  await em.execute('create unique index on alert_prices (minifigure_id, condition)');
  await em.execute(
    `with wanted as materialized (
       select p.minifigure_id, p.condition, p.as_of
       from alert_prices p
       where p.tier = 'sold-30d'
         and exists (select 1 from alerts a where a.minifigure_id = p.minifigure_id and a.condition = p.condition
                       and a.kind = 'new-low' and a.removed_at is null)
     ), lows as (
       select w.minifigure_id, w.condition,
              case when count(*) filter (where h.date >= w.as_of - 30) >= ceil(30 * ?)
                   then min(h.price_usd) filter (where h.date >= w.as_of - 30) end as low_30,
              case when count(*) filter (where h.date >= w.as_of - 60) >= ceil(60 * ?)
                   then min(h.price_usd) filter (where h.date >= w.as_of - 60) end as low_60,
              case when count(*) >= ceil(90 * ?) then min(h.price_usd) end as low_90
       from wanted w
       join headline_prices h on h.minifigure_id = w.minifigure_id and h.condition = w.condition
        and h.date >= w.as_of - 90 and h.date < w.as_of and h.basis = 'sold-30d'
       group by w.minifigure_id, w.condition
     )
     update alert_prices p
     set low_30 = lows.low_30::float8, low_60 = lows.low_60::float8, low_90 = lows.low_90::float8
     from lows where lows.minifigure_id = p.minifigure_id and lows.condition = p.condition`,
    [NEW_LOW_MIN_PRICED_SHARE, NEW_LOW_MIN_PRICED_SHARE, NEW_LOW_MIN_PRICED_SHARE],
  );
  await em.execute('analyze alert_prices');
  const [row] = await em.execute<{ n: number; as_of: string | null }[]>(
    `select count(*)::int as n, to_char(max(as_of), 'YYYY-MM-DD') as as_of from alert_prices`,
  );
  return { pairs: row?.n ?? 0, asOf: row?.as_of ?? null };
}
