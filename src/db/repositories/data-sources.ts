import type { EntityManager } from '@mikro-orm/postgresql';
import { DataSource } from '../entities/data-source.js';
import { query } from './analytics-sql.js';

export interface SourceRef {
  id: number;
  name: string;
  rateLimitPerDay: number | null;
}

/** A data source by its name ('BrickLink', 'eBay', 'LEGO', 'Brickset'); null when not seeded. */
export async function findSourceByName(em: EntityManager, name: string): Promise<SourceRef | null> {
  const found = await em.findOne(
    DataSource,
    { name },
    { fields: ['id', 'name', 'rateLimitPerDay'], disableIdentityMap: true },
  );
  return found ? { id: found.id, name: found.name, rateLimitPerDay: found.rateLimitPerDay ?? null } : null;
}

/** Stamps a source's last run: when, and whether it succeeded. Called on every run, good or bad. */
export async function recordScrape(
  em: EntityManager,
  sourceId: number,
  run: { at: Date; success: boolean },
): Promise<void> {
  await em.nativeUpdate(
    DataSource,
    { id: sourceId },
    { lastScrapedAt: run.at, lastScrapeSuccess: run.success },
  );
}

/**
 * Adds `calls` to a source's counter for the UTC day of `at` and returns the day's new total.
 * Sources call it with the number of requests actually sent (retries included): each one counts
 * against the upstream daily quota.
 */
export async function recordApiCalls(
  em: EntityManager,
  sourceId: number,
  calls: number,
  at: Date,
): Promise<number> {
  const [row] = await query<{ calls: number }[]>(
    em,
    `insert into source_api_calls as c (source_id, day, calls)
     values (?, (?::timestamptz at time zone 'UTC')::date, ?)
     on conflict (source_id, day) do update set calls = c.calls + excluded.calls, updated_at = now()
     returning c.calls`,
    [sourceId, at, calls],
  );
  return Number(row?.calls ?? 0);
}

export interface QuotaUsage {
  name: string;
  /** Calls recorded on the UTC day of `at`. */
  callsToday: number;
  rateLimitPerDay: number | null;
  lastScrapedAt: Date | null;
  lastScrapeSuccess: boolean | null;
}

/** Every source with its calls today against its daily quota, for the chat `sources` command. */
export async function quotaUsage(em: EntityManager, at: Date): Promise<QuotaUsage[]> {
  const rows = await query<
    (Omit<QuotaUsage, 'callsToday' | 'lastScrapedAt'> & {
      callsToday: string;
      lastScrapedAt: string | null;
    })[]
  >(
    em,
    `select s.name, coalesce(c.calls, 0) as "callsToday", s.rate_limit_per_day as "rateLimitPerDay",
            s.last_scraped_at as "lastScrapedAt", s.last_scrape_success as "lastScrapeSuccess"
     from data_sources s
     left join source_api_calls c on c.source_id = s.id and c.day = (?::timestamptz at time zone 'UTC')::date
     order by s.id`,
    [at],
  );
  // The ORM's pg connection returns timestamptz as text.
  return rows.map((r) => ({
    ...r,
    callsToday: Number(r.callsToday),
    lastScrapedAt: r.lastScrapedAt === null ? null : new Date(r.lastScrapedAt),
  }));
}
