import type { EntityManager } from '@mikro-orm/postgresql';

export interface ListingPoint {
  timestamp: Date;
  priceUsd: string;
  condition: 'new' | 'used';
  kind: 'sold' | 'asking';
}

export interface SnapshotPoint {
  date: string;
  minPriceUsd: string;
  maxPriceUsd: string;
  avgPriceUsd: string;
  medianPriceUsd: string;
  listingCount: number;
}

/**
 * Seed query 2: one figure's current (not superseded) listings over the last `days` days, newest
 * first. Served by idx_price_listings_minifigure (minifigure_id, timestamp desc); on TimescaleDB,
 * chunks outside the window are excluded too.
 */
export async function listingHistory(
  em: EntityManager,
  minifigureId: string,
  days = 30,
): Promise<ListingPoint[]> {
  return em.getConnection().execute(
    `select "timestamp", price_usd as "priceUsd", condition, kind
     from price_listings
     where minifigure_id = ? and "timestamp" > now() - make_interval(days => ?)
       and superseded_at is null
     order by "timestamp" desc`,
    [minifigureId, days],
  );
}

/** Seed query 4: the daily snapshot series for a chart (the unique (minifigure_id, date) index). */
export async function snapshotSeries(
  em: EntityManager,
  minifigureId: string,
  days = 90,
): Promise<SnapshotPoint[]> {
  return em.getConnection().execute(
    `select to_char(date, 'YYYY-MM-DD') as date, min_price_usd as "minPriceUsd", max_price_usd as "maxPriceUsd",
            avg_price_usd as "avgPriceUsd", median_price_usd as "medianPriceUsd", listing_count as "listingCount"
     from price_snapshots
     where minifigure_id = ? and date > current_date - ?::int
     order by date`,
    [minifigureId, days],
  );
}
