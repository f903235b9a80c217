import type { EntityManager } from '@mikro-orm/postgresql';
import { CHAT_READS_CHANNEL } from '../../cache/until-changed.js';
import { inAggregationTransaction, query } from './analytics-sql.js';
import { type MoverRow, type MoversQuery, moverFilters } from './movers.js';

/**
 * movers_latest, a materialized view (its migration says why): the movers of the latest as-of day,
 * computed once per refresh from the stored headlines and lows with the live query's definitions
 * (movers.ts). A test holds the two to the same answers.
 */

/**
 * Recomputes movers_latest from headline_prices and headline_lows as they are now. The planner
 * estimates the join of four days across the weekly partitions at billions of rows: it runs
 * without JIT, whose compile time would exceed the query, and without nested loops, which would
 * probe two start days' partitions once per row.
 */
export async function refreshMoversLatest(em: EntityManager): Promise<void> {
  await inAggregationTransaction(
    em,
    async (tx) => {
      await query(tx, 'refresh materialized view movers_latest');
      // A materialized view takes no trigger: the chat's kept movers are dropped from here.
      await query(tx, 'select pg_notify(?, ?)', [CHAT_READS_CHANNEL, 'movers_latest']);
    },
    { without: ['nestloop'] },
  );
}

/** The as-of day of the stored movers, or null when none are stored. */
export async function moversLatestAsOf(em: EntityManager): Promise<string | null> {
  const [row] = await query<{ d: string }[]>(
    em,
    `select to_char(as_of, 'YYYY-MM-DD') as d from movers_latest limit 1`,
  );
  return row?.d ?? null;
}

/** The four lists of moverRows (movers.ts) from movers_latest; `q.endDay` must be its day. */
export async function storedMoverRows(em: EntityManager, q: MoversQuery): Promise<MoverRow[]> {
  const p = q.period;
  const { sql: filters, params: filterParams } = moverFilters('b', q);
  const end = 'b.minifigure_id, b.condition, b.end_price, b.end_basis, b.end_n, b.end_low';
  // A move's start has the end's basis: the change is only measured between prices of one basis.
  const start = `b.start_price_${p} as s_price, b.end_basis as s_basis, b.start_n_${p} as s_n,
                 b.start_low_${p} as s_low, b.change_${p} as change`;
  const noStart = 'null, null, null, null, null';
  const sql = `
    with picked as (
      (select 'gainers' as list, ${end}, ${start}, null::int as listings, null::numeric as low,
              null::smallint as days
       from movers_latest b where b.change_${p} > 0 and b.end_n >= ? and b.start_n_${p} >= ? ${filters}
       order by b.change_${p} desc, b.minifigure_id, b.condition limit ?)
      union all
      (select 'losers', ${end}, ${start}, null, null, null
       from movers_latest b where b.change_${p} < 0 and b.end_n >= ? and b.start_n_${p} >= ? ${filters}
       order by b.change_${p}, b.minifigure_id, b.condition limit ?)
      union all
      (select 'most_listed', ${end}, ${noStart}, b.listings_${p}, null, null
       from movers_latest b where b.listings_${p} > 0 ${filters}
       order by b.listings_${p} desc, b.minifigure_id, b.condition limit ?)
      union all
      (select 'new_lows', ${end}, ${noStart}, null, b.previous_low, b.priced_days
       from movers_latest b where b.low_ratio is not null and b.priced_days >= ? and b.end_n >= ? ${filters}
       order by b.low_ratio, b.minifigure_id, b.condition limit ?)
    )
    select p.list, p.minifigure_id, f.set_number as item_no, f.name, f.theme, p.condition,
           p.end_price, p.end_basis, p.end_n, p.end_low, p.s_price as start_price, p.s_basis as start_basis,
           p.s_n as start_n, p.s_low as start_low, p.change, p.listings,
           p.low as previous_low, p.days as priced_days
    from picked p join minifigures f on f.id = p.minifigure_id`;
  return query<MoverRow[]>(em, sql, [
    q.minListings,
    q.minListings,
    ...filterParams,
    q.limit,
    q.minListings,
    q.minListings,
    ...filterParams,
    q.limit,
    ...filterParams,
    q.limit,
    q.minPricedDays,
    q.minListings,
    ...filterParams,
    q.limit,
  ]);
}
