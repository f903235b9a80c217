import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/** Every demo listing carries this in raw_data, so that it can be told apart and retired. */
export const DEMO_MARKER = { demo: true } as const;

export interface DemoLevel {
  item_no: string;
  condition: string;
  /** BrickLink's 6-month sold average (USD): where sold prices centre. */
  sold: number;
  /** The stock average: where asking prices centre. */
  stock: number;
  /** The stock minimum: no asking price goes under it. */
  stock_min: number;
}

export async function catalogueAndListingCounts(
  em: EntityManager,
): Promise<{ figures: number; sets: number; listings: number }> {
  const [row] = await query<{ figures: string; sets: string; listings: string }[]>(
    em,
    `select (select count(*) from minifigures) as figures,
            (select count(*) from (select 1 from sets limit 1) s) as sets,
            (select count(*) from (select 1 from price_listings limit 1) l) as listings`,
  );
  return {
    figures: Number(row?.figures ?? 0),
    sets: Number(row?.sets ?? 0),
    listings: Number(row?.listings ?? 0),
  };
}

/**
 * Writes `days` days of listings ending at `now` around each level: sold near the sold average,
 * asking near the stock average and never under the stock minimum, with a per-figure drift so that
 * movers and charts have something to show. Repeatable: random() is seeded for the transaction.
 */
export async function insertDemoListings(
  em: EntityManager,
  levels: readonly DemoLevel[],
  now: Date,
  days: number,
): Promise<number> {
  return em.transactional(async (tx) => {
    await query(tx, 'select setseed(0.4242)');
    const [row] = await query<{ n: string }[]>(
      tx,
      `with levels as (
         select l.*, m.id as minifigure_id,
                (abs(hashtext(l.item_no)) % 61 - 30) / 100.0 as drift
         from jsonb_to_recordset(?::jsonb) as l(item_no text, condition text, sold numeric, stock numeric, stock_min numeric)
         join minifigures m on m.set_number = l.item_no
       ), draws as (
         select l.*, d, k, random() as r_time, random() as r_price, random() as r_keep
         from levels l
         cross join generate_series(0, ?::int - 1) d
         cross join (values ('sold'), ('asking')) as k(k)
       ), src as (
         select (select id from data_sources where name = 'BrickLink') as bricklink,
                (select id from data_sources where name = 'eBay') as ebay
       ), inserted as (
         insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, quantity,
                                     price_usd, original_price, original_currency, exchange_rate, confidence_score,
                                     raw_data)
         select ?::timestamptz - make_interval(days => d) - r_time * interval '20 hours',
                minifigure_id,
                case when k = 'sold' or d % 3 = 0 then src.bricklink else src.ebay end,
                'demo:' || item_no || ':' || condition || ':' || k || ':' || d,
                k, condition, 1, p, p, 'USD', 1, 1, ?::jsonb
         from draws cross join src
         cross join lateral (
           -- The level drifts linearly to (1 + drift) over the window; noise is about ±15%.
           select round(greatest(
                    case when k = 'asking' then stock_min else 0.01 end,
                    (case when k = 'sold' then sold else stock end)
                      * (1 + drift * (?::int - d) / ?::numeric - drift)
                      * exp((r_price - 0.5) * 0.3)
                  )::numeric, 2) as p
         ) price
         where r_keep < case when k = 'sold' then 0.6 else 0.4 end
         on conflict do nothing
         returning 1
       )
       select count(*) as n from inserted`,
      [JSON.stringify(levels), days, now.toISOString(), JSON.stringify(DEMO_MARKER), days, days],
    );
    return Number(row?.n ?? 0);
  });
}

/** The refresh job's advisory lock key (job-locks.ts): retiring waits for a running refresh. */
const REFRESH_LOCK = `select pg_advisory_xact_lock(hashtextextended('minifig-stonks:job:refresh-snapshots', 0))`;

/**
 * Takes the demo out in one transaction: its listings are marked superseded (never deleted), and the
 * figures derived from them (snapshots, headlines, lows, the movers view) are cleared, since demo
 * data is only loaded into a database without real listings. The refresh bookkeeping is reset so
 * the next refresh rebuilds from the real listings. Returns the listings retired, or null when
 * there was no demo to retire (another process got there first).
 */
export async function retireDemoListings(em: EntityManager, now: Date): Promise<number | null> {
  return em.transactional(async (tx) => {
    await query(tx, REFRESH_LOCK);
    const [flag] = await query(tx, `delete from app_state where key = 'demo' returning key`);
    if (!flag) return null;
    const [row] = await query<{ n: string }[]>(
      tx,
      `with retired as (
         update price_listings set superseded_at = ?
         where raw_data @> ?::jsonb and superseded_at is null
         returning 1
       ) select count(*) as n from retired`,
      [now, JSON.stringify(DEMO_MARKER)],
    );
    await query(tx, 'delete from price_snapshots');
    await query(tx, 'delete from headline_lows');
    await query(tx, 'delete from headline_prices');
    await query(tx, 'refresh materialized view movers_latest');
    await query(tx, 'update snapshot_refresh_state set watermark = null, headline_through = null');
    return Number(row?.n ?? 0);
  });
}
