import type { EntityManager } from '@mikro-orm/postgresql';
import { inAggregationTransaction, query } from './analytics-sql.js';
import type { WriteCounts } from './headline-prices.js';

/**
 * headline_lows: per figure and condition, the lowest sold-based headline price of the 90 as-of days
 * before the lows' as-of day D (days D-90..D-1), how many of those days had one, and the window's
 * ascending minima (every such headline lower than all later ones, in day order; the first is the
 * low), which let the window slide a day without reading it again (Migration20261127000200).
 */

const DAY = (param: string) => `date '1970-01-01' + ${param}`;

/**
 * Every group's lows from the headlines of its window, or only the figures' of a uuid[] when
 * `someFigures`. A headline is a minimum when it is below the lowest of the later ones: a running
 * minimum backwards in time. Parameters: the as-of day (a day number) twice, then that uuid[].
 */
function lowsFromHeadlines(someFigures: boolean): string {
  return `
    select minifigure_id, condition, min(price_usd) as low, count(*)::smallint as days,
           array_agg(date order by date) filter (where minimum) as dates,
           array_agg(price_usd order by date) filter (where minimum) as prices
    from (
      select minifigure_id, condition, date, price_usd,
             coalesce(price_usd < min(price_usd) over later, true) as minimum
      from headline_prices
      where date >= ${DAY('?::int')} - 90 and date < ${DAY('?::int')} and basis = 'sold-30d'
        ${someFigures ? 'and minifigure_id = any(?::uuid[])' : ''}
      window later as (partition by minifigure_id, condition order by date desc
                       rows between unbounded preceding and 1 preceding)
    ) w
    group by minifigure_id, condition`;
}

/**
 * The stored lows of day D-1 moved to day D, row by row: the minima lose those before the window's
 * new start (day D-91: at most the first) and those not below the entering price (day D-1's; the
 * minima ascend, so a tail, found by binary search with width_bucket), then gain that price. The
 * count of priced days gains the entering day and loses the leaving one (which must still be stored).
 * The figures of a uuid[] are left out: they are regrouped from their headlines.
 * Parameters: that uuid[], then D four times (each $day below).
 */
const SLID_LOWS = `
  with dirty as (select unnest(?::uuid[]) as minifigure_id
  ), old as (
    select minifigure_id, condition, priced_days, minima_dates, minima_prices,
           width_bucket($day - 91, minima_dates) as gone
    from headline_lows where minifigure_id not in (select minifigure_id from dirty)
  ), entering as (
    select minifigure_id, condition, price_usd as entering_price, true as enters from headline_prices
    where date = $day - 1 and basis = 'sold-30d' and minifigure_id not in (select minifigure_id from dirty)
  ), leaving as (
    select minifigure_id, condition, true as leaves from headline_prices
    where date = $day - 91 and basis = 'sold-30d'
  ), moved as (
    select minifigure_id, condition,
           (coalesce(o.priced_days, 0) - coalesce(l.leaves, false)::int + coalesce(e.enters, false)::int)::smallint as days,
           o.minima_dates, o.minima_prices, o.gone, e.entering_price,
           width_bucket(e.entering_price, o.minima_prices) as at_or_below
    from old o full join entering e using (minifigure_id, condition) left join leaving l using (minifigure_id, condition)
  ), cut as (
    -- below: how many minima are under the entering price (at_or_below counts those equal to it too).
    select minifigure_id, condition, days, minima_dates, minima_prices, gone, entering_price,
           case when entering_price is null then cardinality(minima_prices)
                else at_or_below - (at_or_below > 0 and minima_prices[at_or_below] = entering_price)::int
           end as below
    from moved
  ), slid as (
    select minifigure_id, condition, days,
           coalesce(minima_dates[gone + 1 : below], '{}')
             || case when entering_price is null then '{}'::date[] else array[$day - 1] end as dates,
           coalesce(minima_prices[gone + 1 : below], '{}')
             || case when entering_price is null then '{}'::numeric[] else array[entering_price] end as prices
    from cut
  )
  select minifigure_id, condition, prices[1] as low, days, dates, prices from slid where days > 0`;

/**
 * headline_lows for as-of day `day`. Groups without any sold-based headline in the window are removed.
 *
 * With `slide`, the stored lows are those of the day before and carry their minima, and since they
 * were computed the headline rows of that window changed only for `slide.figures`: the others slide
 * a day (SLID_LOWS), those are regrouped from their 90 days. Otherwise every group is computed from
 * the 3.3 million headline rows of the window.
 */
export async function refreshHeadlineLows(
  em: EntityManager,
  day: number,
  slide?: { figures: string[] },
): Promise<WriteCounts> {
  const lows = slide
    ? `${SLID_LOWS.replaceAll('$day', DAY('?::int'))} union all ${lowsFromHeadlines(true)}`
    : lowsFromHeadlines(false);
  const params = slide ? [slide.figures, day, day, day, day, day, day, slide.figures] : [day, day];
  const sql = `with lows as materialized (${lows}), written as (
       insert into headline_lows as l (minifigure_id, condition, as_of, low_90d_usd, priced_days,
                                       minima_dates, minima_prices)
       select minifigure_id, condition, ${DAY('?::int')}, low, days, dates, prices from lows
       on conflict (minifigure_id, condition) do update set
         as_of = excluded.as_of, low_90d_usd = excluded.low_90d_usd, priced_days = excluded.priced_days,
         minima_dates = excluded.minima_dates, minima_prices = excluded.minima_prices, computed_at = now()
       where (l.as_of, l.low_90d_usd, l.priced_days, l.minima_dates, l.minima_prices)
          is distinct from (excluded.as_of, excluded.low_90d_usd, excluded.priced_days,
                            excluded.minima_dates, excluded.minima_prices)
       returning 1
     ), removed as (
       delete from headline_lows l
       where not exists (select 1 from lows
                         where lows.minifigure_id = l.minifigure_id and lows.condition = l.condition)
       returning 1
     )
     select (select count(*) from written)::int as written, (select count(*) from removed)::int as removed`;
  // Every join here is of whole sets, and the rows just written are not in the statistics yet: an
  // estimate of one row makes a nested loop rescan a CTE for every row of the other side.
  const [row] = await inAggregationTransaction(em, (tx) => query<WriteCounts[]>(tx, sql, [...params, day]), {
    without: ['nestloop'],
  });
  return row ?? { written: 0, removed: 0 };
}

/**
 * The as-of day of the stored lows when they can slide: all have one as-of day and their minima.
 * Otherwise (none stored, mixed days, or lows from before the minima were kept) null.
 */
export async function headlineLowsAsOf(em: EntityManager): Promise<number | null> {
  const [row] = await query<{ day: number | null }[]>(
    em,
    `select case when count(distinct as_of) = 1 and count(*) = count(minima_dates)
                 then min(as_of) - date '1970-01-01' end as day
     from headline_lows`,
  );
  return row?.day ?? null;
}
