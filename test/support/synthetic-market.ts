import type { EntityManager } from '@mikro-orm/postgresql';

export interface MarketOptions {
  /** Listings to insert. */
  count: number;
  /** They cover the `days` whole UTC days before `endDay` (exclusive), in time order like real ingestion. */
  days: number;
  /** 'YYYY-MM-DD': the first day NOT covered. */
  endDay: string;
  /** Only the first `figureLimit` figures in a stable pseudo-random order get listings (default: all). */
  figureLimit?: number;
  externalPrefix?: string;
  /** Seed for PostgreSQL's random() so a run is reproducible (0..1, default 0.42). */
  seed?: number;
  /**
   * ingested_at for every row ('now' is the inserting transaction's time, as ingestion leaves it);
   * default: shortly after each listing's timestamp (historical ingestion).
   */
  ingestedAt?: string;
  /** Share of listings that are junk ($9,999 or $0.01). Default 0.0005. */
  junkShare?: number;
}

/**
 * A realistic market made in SQL, no round-trips. Figures are picked with a skewed popularity (a
 * few figures get many listings, most get few), each has its own price level ($2-$200,
 * log-uniform) and a yearly trend of -50%..+65%; new is dearer than used, asking dearer than sold,
 * with ~±25% noise. Sources are weighted like the real mix (BrickLink half, eBay a third), eBay and
 * LEGO listings carry matcher scores (a fifth below 0.6), 1% are superseded, a few are junk
 * prices, and 15% of lots hold 2-5 units. Rows are inserted in timestamp order, so the heap is
 * clustered by time as ingestion would leave it.
 */
export async function generateMarketListings(em: EntityManager, opts: MarketOptions): Promise<void> {
  const conn = em.getConnection();
  await conn.execute('select setseed(?)', [opts.seed ?? 0.42]);
  await conn.execute(
    `with figs as (
       select id, (row_number() over (order by md5(set_number)) - 1)::int as rank,
              exp(ln(2) + ln(100) * ((hashtext(set_number) & 65535) / 65535.0)) as base,
              ((hashtext(set_number || ':trend') & 65535) / 65535.0 - 0.5) as trend
       from minifigures
     ), n as (select least(count(*), ?::int)::int as total from figs),
     src as (
       select (select id from data_sources where name = 'BrickLink') as bricklink,
              (select id from data_sources where name = 'eBay') as ebay,
              (select id from data_sources where name = 'LEGO') as lego,
              (select id from data_sources where name = 'Brickset') as brickset
     ), draws as (
       select g, random() as u_fig, random() as u_cond, random() as u_kind, random() as u_src,
              random() as u_q, random() as u_conf, random() as u_sup, random() as u_junk,
              random() as u_ing, (random() + random() + random() - 1.5) as noise,
              (g::float8 + random()) / ?::int as t
       from generate_series(0::bigint, ?::bigint - 1) g
     ), shaped as (
       select d.*, f.id as minifigure_id, f.base, f.trend,
              ?::date - ?::int + d.t * ?::int * interval '1 day' as ts,
              case when d.u_cond < 0.4 then 'new' else 'used' end as condition,
              case when d.u_kind < 0.55 then 'sold' else 'asking' end as kind,
              case when d.u_src < 0.5 then 'BrickLink' when d.u_src < 0.85 then 'eBay'
                   when d.u_src < 0.92 then 'LEGO' else 'Brickset' end as source
       from draws d cross join n
       join figs f on f.rank = least(floor(power(d.u_fig, 2) * n.total)::int, n.total - 1)
     ), priced as (
       select s.*,
              case when s.u_junk < ?::float8 / 2 then 9999
                   when s.u_junk < ?::float8 then 0.01
                   else round((s.base * case when s.condition = 'new' then 1.6 else 1 end
                                      * case when s.kind = 'asking' then 1.15 else 1 end
                                      * exp(s.trend * s.t) * exp(s.noise * 0.5))::numeric, 2)
              end as price_usd
       from shaped s
     )
     insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition,
                                 quantity, price_usd, original_price, original_currency, exchange_rate,
                                 confidence_score, seller_name, ingested_at, superseded_at)
     select p.ts, p.minifigure_id,
            case p.source when 'BrickLink' then src.bricklink when 'eBay' then src.ebay
                          when 'LEGO' then src.lego else src.brickset end,
            ? || p.g, p.kind, p.condition,
            case when p.u_q < 0.85 then 1 else 2 + floor(p.u_q * 100)::int % 4 end,
            p.price_usd,
            case when p.source = 'eBay' and p.u_conf < 0.3 then round(p.price_usd * 0.92, 4) else p.price_usd end,
            case when p.source = 'eBay' and p.u_conf < 0.3 then 'EUR' else 'USD' end,
            case when p.source = 'eBay' and p.u_conf < 0.3 then 0.92 else 1 end,
            case when p.source in ('BrickLink', 'Brickset') then 1 else round((0.5 + p.u_conf * 0.5)::numeric, 3) end,
            'seller' || (p.g % 5000),
            coalesce(?::timestamptz, p.ts + p.u_ing * interval '2 hours'),
            case when p.u_sup < 0.01 then least(p.ts + interval '1 day', now()) end
     from priced p cross join src
     order by p.ts`,
    [
      opts.figureLimit ?? 2_147_483_647,
      opts.count,
      opts.count,
      opts.endDay,
      opts.days,
      opts.days,
      opts.junkShare ?? 0.0005,
      opts.junkShare ?? 0.0005,
      opts.externalPrefix ?? 'market-',
      opts.ingestedAt ?? null,
    ],
  );
}
