/**
 * The prices alert evaluation reads, in one place so the source can be swapped.
 *
 * `loadAlertPrices` fills the temporary table `alert_prices` (dropped at commit) with one row per
 * figure and condition that has an active alert:
 *   price, basis, window_days, listing_count   the headline price now
 *   price_1d, price_7d, price_30d             the same basis and window, ending 1, 7 and 30 days ago
 *   low_30, low_60, low_90                    the lowest of those daily headlines over the N days
 *                                             before now (new-low alerts only)
 *
 * INTERIM SOURCE: computed straight from price_listings with the definition the chat commands use
 * until the snapshots issue's analytics land (src/db/repositories/interim-prices.ts): per
 * condition, the median of current listings at or above the match-confidence threshold from the
 * first of sold/30 days, asking/30 days, sold/90 days, asking/90 days with at least
 * MIN_HEADLINE_LISTINGS listings (else the first with any). Alerts therefore fire on exactly the
 * price `price` shows. When src/analytics/ provides the headline and its daily history, only this
 * file changes: the columns above are the contract with ./alert-evaluation.ts and ./deal-evaluation.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';

/** Listings a basis needs before it is preferred over the next fallback (the commands' MIN_LISTINGS). */
export const MIN_HEADLINE_LISTINGS = 3;

const median = (filter: string) => `percentile_cont(0.5) within group (order by p) filter (where ${filter})`;

export async function loadAlertPrices(em: EntityManager, now: Date, minConfidence: number): Promise<number> {
  const conn = em;
  await conn.execute(`drop table if exists pg_temp.alert_prices`);
  await conn.execute(
    `create temporary table alert_prices on commit drop as
     with pairs as materialized (
       select distinct minifigure_id, condition from alerts where removed_at is null
     ), l as materialized (
       select l.minifigure_id, l.condition, l.kind, l.price_usd::float8 as p,
              extract(epoch from (?::timestamptz - l."timestamp")) / 86400 as age
       from price_listings l join pairs using (minifigure_id, condition)
       where l."timestamp" > ?::timestamptz - interval '120 days' and l."timestamp" <= ?::timestamptz
         and l.superseded_at is null and l.confidence_score >= ?
     ), g as (
       select minifigure_id, condition, kind,
              count(*) filter (where age < 30)::int as n30, ${median('age < 30')} as med30,
              count(*) filter (where age < 90)::int as n90, ${median('age < 90')} as med90,
              count(*) filter (where age >= 1 and age < 31)::int as n_1, ${median('age >= 1 and age < 31')} as med_1,
              count(*) filter (where age >= 7 and age < 37)::int as n_7, ${median('age >= 7 and age < 37')} as med_7,
              count(*) filter (where age >= 30 and age < 60)::int as n_30, ${median('age >= 30 and age < 60')} as med_30
       from l group by minifigure_id, condition, kind
     ), candidates as (
       select g.*, v.window_days, v.n, v.med, v.rank
       from g cross join lateral (values
         (30, g.n30, g.med30, case g.kind when 'sold' then 1 else 2 end),
         (90, g.n90, g.med90, case g.kind when 'sold' then 3 else 4 end)
       ) as v(window_days, n, med, rank)
       where v.n > 0
     )
     select distinct on (minifigure_id, condition)
            minifigure_id, condition, kind as basis, window_days, n as listing_count, med as price,
            case when window_days = 30 and n_1 >= ? then med_1 end as price_1d,
            case when window_days = 30 and n_7 >= ? then med_7 end as price_7d,
            case when window_days = 30 and n_30 >= ? then med_30 end as price_30d,
            null::float8 as low_30, null::float8 as low_60, null::float8 as low_90
     from candidates
     order by minifigure_id, condition, (n >= ?) desc, rank`,
    [
      now,
      now,
      now,
      minConfidence,
      MIN_HEADLINE_LISTINGS,
      MIN_HEADLINE_LISTINGS,
      MIN_HEADLINE_LISTINGS,
      MIN_HEADLINE_LISTINGS,
    ],
  );
  await conn.execute('create unique index on alert_prices (minifigure_id, condition)');
  await loadLows(em, now, minConfidence);
  await conn.execute('analyze alert_prices');
  const [row] = await conn.execute<{ n: number }[]>('select count(*)::int as n from alert_prices');
  return row?.n ?? 0;
}

/**
 * Prior lows for pairs with a new-low alert and a 30-day headline: the headline (same basis, 30-day
 * window) as it stood at the end of each of the 90 days before now, then the lowest over the last
 * 30, 60 and 90 of them. Days whose window had fewer than MIN_HEADLINE_LISTINGS listings are left
 * out, as a headline on so little would not have counted either.
 */
async function loadLows(em: EntityManager, now: Date, minConfidence: number): Promise<void> {
  await em.execute(
    `with wanted as materialized (
       select p.minifigure_id, p.condition, p.basis, max(a.period_days) as days
       from alert_prices p
       join alerts a on a.minifigure_id = p.minifigure_id and a.condition = p.condition
       where a.kind = 'new-low' and a.removed_at is null and p.window_days = 30
       group by p.minifigure_id, p.condition, p.basis
     ), l as materialized (
       select w.minifigure_id, w.condition, l.price_usd::float8 as p,
              extract(epoch from (?::timestamptz - l."timestamp")) / 86400 as age
       from wanted w
       join price_listings l on l.minifigure_id = w.minifigure_id and l.condition = w.condition
        and l.kind = w.basis
       where l."timestamp" > ?::timestamptz - make_interval(days => w.days + 30)
         and l."timestamp" <= ?::timestamptz - interval '1 day'
         and l.superseded_at is null and l.confidence_score >= ?
     ), daily as (
       select l.minifigure_id, l.condition, d.ago, percentile_cont(0.5) within group (order by l.p) as med
       from wanted w
       cross join lateral generate_series(1, w.days) as d(ago)
       join l on l.minifigure_id = w.minifigure_id and l.condition = w.condition
             and l.age >= d.ago and l.age < d.ago + 30
       group by l.minifigure_id, l.condition, d.ago
       having count(*) >= ?
     ), lows as (
       select minifigure_id, condition,
              min(med) filter (where ago <= 30) as low_30,
              min(med) filter (where ago <= 60) as low_60,
              min(med) filter (where ago <= 90) as low_90
       from daily group by minifigure_id, condition
     )
     update alert_prices p set low_30 = lows.low_30, low_60 = lows.low_60, low_90 = lows.low_90
     from lows where lows.minifigure_id = p.minifigure_id and lows.condition = p.condition`,
    [now, now, now, minConfidence, MIN_HEADLINE_LISTINGS],
  );
}
