import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';
import { dayOf, type ListingDays } from './snapshots.js';

/** The bookkeeping row of the snapshot refresh (one row, id 1). */
export interface RefreshState {
  /** Listings ingested or superseded at or after this instant have not been rolled up yet. */
  watermark: Date | null;
  /** The match-confidence threshold the stored figures were computed with. */
  confidenceThreshold: number | null;
  /** The last as-of day with headline rows for every figure ('YYYY-MM-DD'). */
  headlineThrough: string | null;
  lastFullAt: Date | null;
  lastRunAt: Date | null;
}

export async function readRefreshState(em: EntityManager): Promise<RefreshState> {
  const [row] = await query<
    {
      watermark: Date | null;
      threshold: string | null;
      through: string | null;
      full: Date | null;
      run: Date | null;
    }[]
  >(
    em,
    `select watermark, confidence_threshold as threshold, to_char(headline_through, 'YYYY-MM-DD') as through,
            last_full_at as full, last_run_at as run
     from snapshot_refresh_state where id = 1`,
  );
  return {
    watermark: row?.watermark ? new Date(row.watermark) : null,
    confidenceThreshold: row?.threshold == null ? null : Number(row.threshold),
    headlineThrough: row?.through ?? null,
    lastFullAt: row?.full ? new Date(row.full) : null,
    lastRunAt: row?.run ? new Date(row.run) : null,
  };
}

export async function writeRefreshState(
  em: EntityManager,
  s: {
    watermark?: Date;
    confidenceThreshold?: number;
    headlineThrough?: string;
    full: boolean;
    summary: object;
  },
): Promise<void> {
  await query(
    em,
    `insert into snapshot_refresh_state as r (id, watermark, confidence_threshold, headline_through,
                                             last_full_at, last_run_at, last_summary)
     values (1, ?::timestamptz, ?::numeric, ?::date, case when ? then now() end, now(), ?::jsonb)
     on conflict (id) do update set
       watermark = coalesce(excluded.watermark, r.watermark),
       confidence_threshold = coalesce(excluded.confidence_threshold, r.confidence_threshold),
       headline_through = coalesce(excluded.headline_through, r.headline_through),
       last_full_at = coalesce(excluded.last_full_at, r.last_full_at),
       last_run_at = excluded.last_run_at,
       last_summary = excluded.last_summary`,
    [
      s.watermark?.toISOString() ?? null,
      s.confidenceThreshold ?? null,
      s.headlineThrough ?? null,
      s.full,
      JSON.stringify(s.summary),
    ],
  );
}

/**
 * The instant up to which this run sees every listing: now, or the start of the oldest transaction
 * still open in this database if earlier. ingested_at defaults to the inserting transaction's start,
 * so a batch that commits after we read has ingested_at >= this value and the next run finds it.
 */
export async function safeWatermark(em: EntityManager): Promise<Date> {
  const [row] = await query<{ at: Date }[]>(
    em,
    `select least(now(), (select min(xact_start) from pg_stat_activity
                          where datname = current_database() and pid <> pg_backend_pid()
                            and backend_type = 'client backend' and xact_start is not null)) as at`,
  );
  return new Date(row?.at ?? Date.now());
}

export interface ChangedGroup {
  minifigureId: string;
  /** 'YYYY-MM-DD' */
  day: string;
  condition: 'new' | 'used';
}

/** How many listings were ingested or superseded at or after `since`. */
export async function countChangedListings(em: EntityManager, since: Date): Promise<number> {
  const [row] = await query<{ n: string }[]>(
    em,
    'select count(*) as n from price_listings where ingested_at >= ? or superseded_at >= ?',
    [since, since],
  );
  return Number(row?.n ?? 0);
}

/** The distinct (figure, UTC day, condition) of listings ingested or superseded at or after `since`. */
export async function changedGroups(
  em: EntityManager,
  since: Date,
  days: ListingDays,
): Promise<ChangedGroup[]> {
  return query(
    em,
    `select distinct p.minifigure_id as "minifigureId", to_char(${dayOf(days)}, 'YYYY-MM-DD') as day,
            p.condition
     from price_listings p where p.ingested_at >= ? or p.superseded_at >= ?`,
    [since, since],
  );
}

/** First and last UTC day with a counted listing, or null when there is none. */
export async function listingDayBounds(
  em: EntityManager,
  minConfidence: number,
  days: ListingDays,
): Promise<{ first: string; last: string } | null> {
  const [row] = await query<{ first: string | null; last: string | null }[]>(
    em,
    `select to_char(${dayOf(days, 'min(p."timestamp")')}, 'YYYY-MM-DD') as first,
            to_char(${dayOf(days, 'max(p."timestamp")')}, 'YYYY-MM-DD') as last
     from price_listings p where p.superseded_at is null and p.confidence_score >= ?`,
    [minConfidence],
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}

/**
 * Fresh statistics after a full rebuild: the planner would otherwise see yesterday's row counts.
 * headline_prices is vacuumed too, so that its visibility map is current for the next day's reads.
 * VACUUM cannot run inside a transaction; a caller's transaction gets the ANALYZE alone.
 */
export async function analyzeRebuiltTables(em: EntityManager): Promise<void> {
  await query(em, 'analyze price_snapshots, headline_lows');
  await query(
    em,
    em.getTransactionContext() ? 'analyze headline_prices' : 'vacuum (analyze) headline_prices',
  );
}
