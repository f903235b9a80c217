import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Realistic volume made in SQL (no round-trips): listings spread over `days` days across every
 * catalogue figure, each figure with its own stable price level and ±30% noise.
 */
export async function generateListings(
  em: EntityManager,
  opts: { count: number; days: number; externalPrefix?: string },
): Promise<void> {
  await em.getConnection().execute(
    `with figs as (
       select id, row_number() over (order by set_number) as rn,
              1 + (abs(hashtext(set_number)) % 20000) / 100.0 as base
       from minifigures
     ), n as (select count(*) as total from figs),
     src as (select array_agg(id order by id) as ids from data_sources)
     insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition,
                                 quantity, price_usd, original_price, original_currency, exchange_rate,
                                 confidence_score)
     select now() - random() * make_interval(days => ?),
            f.id,
            src.ids[1 + g % array_length(src.ids, 1)],
            ? || g,
            case when g % 3 = 0 then 'asking' else 'sold' end,
            case when g % 2 = 0 then 'new' else 'used' end,
            1 + g % 3,
            round((f.base * (0.7 + random() * 0.6))::numeric, 4),
            round((f.base * (0.7 + random() * 0.6))::numeric, 4),
            'USD', 1, 0.9 + (g % 10) / 100.0
     from generate_series(1::bigint, ?) g
     cross join n cross join src
     join figs f on f.rn = 1 + (g * 7919) % n.total`,
    [opts.days, opts.externalPrefix ?? 'synthetic-', opts.count],
  );
}

/** One snapshot per figure per day for the last `days` days. */
export async function generateSnapshots(em: EntityManager, opts: { days: number }): Promise<void> {
  await em.getConnection().execute(
    `insert into price_snapshots (minifigure_id, date, min_price_usd, max_price_usd, avg_price_usd,
                                  median_price_usd, listing_count, sources_count)
     select f.id, d::date, 1, 3, 2, 2, 5, 2
     from minifigures f cross join generate_series(current_date - ?::int + 1, current_date, interval '1 day') d`,
    [opts.days],
  );
}
