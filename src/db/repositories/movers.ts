import type { EntityManager } from '@mikro-orm/postgresql';
import type { MoverPeriod } from '../../analytics/types.js';
import { query } from './analytics-sql.js';
import { themeFilter } from './theme-filter.js';

/** One row of the movers query; `list` says which list it belongs to. */
export interface MoverRow {
  list: 'gainers' | 'losers' | 'most_listed' | 'new_lows';
  minifigure_id: string;
  item_no: string;
  name: string;
  theme: string | null;
  condition: 'new' | 'used';
  end_price: string;
  end_basis: string;
  end_n: number;
  end_low: boolean;
  start_price: string | null;
  start_basis: string | null;
  start_n: number | null;
  start_low: boolean | null;
  change: number | null;
  listings: number | null;
  previous_low: string | null;
  priced_days: number | null;
}

export interface MoversQuery {
  endDay: string;
  startDay: string;
  /** Picks the trailing listing count (and in movers_latest the change) of that period. */
  period: MoverPeriod;
  minListings: number;
  limit: number;
  condition?: 'new' | 'used';
  theme?: string;
  /** Days of the 90 before the as-of day that need a sold-based headline for a new low. */
  minPricedDays: number;
  /** Only figures with at least this many sales in the 30 days up to the as-of day (its sold_30d). */
  minSales?: number;
}

/**
 * The condition, theme and min-sales options as SQL on table alias `alias` (a row of the as-of day:
 * min-sales is that day's sold_30d), with their parameters.
 */
export function moverFilters(alias: string, q: MoversQuery): { sql: string; params: unknown[] } {
  const theme = q.theme ? themeFilter('t', q.theme) : undefined;
  const sql = [
    q.condition ? `and ${alias}.condition = ?` : '',
    theme ? `and ${alias}.minifigure_id in (select t.id from minifigures t where ${theme.sql})` : '',
    q.minSales ? `and ${alias}.sold_30d >= ?` : '',
  ].join(' ');
  const params = [
    ...(q.condition ? [q.condition] : []),
    ...(theme?.params ?? []),
    ...(q.minSales ? [q.minSales] : []),
  ];
  return { sql, params };
}

/**
 * Gainers, losers, most listed and new lows in one round trip, computed from the stored headline
 * rows of two days (idx_headline_prices_date) and headline_lows: for any as-of day. The latest one
 * is served from movers_latest (movers-latest.ts), which holds the same figures precomputed. A move
 * is only measured between prices of the same basis with at least `minListings` kept listings at
 * both ends.
 */
export async function moverRows(em: EntityManager, q: MoversQuery): Promise<MoverRow[]> {
  const { sql: filters, params: filterParams } = moverFilters('h', q);
  // The start day is filtered by condition and theme only: min-sales is about the market now.
  const { sql: startFilters, params: startParams } = moverFilters('h', { ...q, minSales: undefined });
  const listings = `listings_${q.period}`;
  const sql = `
    with e as materialized (
      select h.minifigure_id, h.condition, h.price_usd, h.basis, h.listing_count, h.low_confidence, h.${listings} as listings
      from headline_prices h where h.date = ?::date ${filters} and (h.listing_count >= ? or h.${listings} > 0)
    ), s as materialized (
      select h.minifigure_id, h.condition, h.price_usd, h.basis, h.listing_count, h.low_confidence
      from headline_prices h where h.date = ?::date ${startFilters} and h.listing_count >= ? and h.price_usd > 0
    ), moves as materialized (
      select e.*, s.price_usd as start_price, s.basis as start_basis, s.listing_count as start_n,
             s.low_confidence as start_low, ((e.price_usd - s.price_usd) / s.price_usd)::float8 as change
      from e join s using (minifigure_id, condition)
      where e.basis = s.basis and s.price_usd > 0 and e.price_usd <> s.price_usd
        and e.listing_count >= ? and s.listing_count >= ?
    ), picked as (
      (select 'gainers' as list, m.*, null::int as lst, null::numeric as previous_low, null::int as priced_days
       from moves m where m.change > 0 order by m.change desc, m.minifigure_id, m.condition limit ?)
      union all
      (select 'losers', m.*, null, null, null
       from moves m where m.change < 0 order by m.change, m.minifigure_id, m.condition limit ?)
      union all
      (select 'most_listed', e.*, null, null, null, null, null, e.listings, null, null
       from e where e.listings > 0 order by e.listings desc, e.minifigure_id, e.condition limit ?)
      union all
      (select 'new_lows', e.*, null, null, null, null, null, null, l.low_90d_usd, l.priced_days
       from e join headline_lows l using (minifigure_id, condition)
       where l.as_of = ?::date and e.basis = 'sold-30d' and e.price_usd < l.low_90d_usd
         and l.priced_days >= ? and e.listing_count >= ?
       order by e.price_usd / l.low_90d_usd, e.minifigure_id, e.condition limit ?)
    )
    select p.list, p.minifigure_id, f.set_number as item_no, f.name, f.theme, p.condition,
           p.price_usd as end_price, p.basis as end_basis, p.listing_count as end_n, p.low_confidence as end_low,
           p.start_price, p.start_basis, p.start_n, p.start_low, p.change,
           p.lst as listings, p.previous_low, p.priced_days
    from picked p join minifigures f on f.id = p.minifigure_id`;
  // The day's rows are materialized once for the four lists, and a day of headlines spills past
  // the default 4 MB work_mem.
  return em.transactional(async (tx) => {
    await query(tx, "set local work_mem = '32MB'");
    return query<MoverRow[]>(tx, sql, [
      q.endDay,
      ...filterParams,
      q.minListings,
      q.startDay,
      ...startParams,
      q.minListings,
      q.minListings,
      q.minListings,
      q.limit,
      q.limit,
      q.limit,
      q.endDay,
      q.minPricedDays,
      q.minListings,
      q.limit,
    ]);
  });
}

/** The latest as-of day with headline rows, or null before the first refresh. */
export async function latestHeadlineDay(em: EntityManager): Promise<string | null> {
  const [row] = await query<{ d: string | null }[]>(
    em,
    `select to_char(max(date), 'YYYY-MM-DD') as d from headline_prices`,
  );
  return row?.d ?? null;
}
