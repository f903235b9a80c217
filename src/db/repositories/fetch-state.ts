import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/**
 * Tables whose rows say that somebody cares about a figure: a watchlist entry, a live alert.
 * Each is used only when it exists in this database, so the refresh order works before (and
 * after) the features that own them. A new kind of interest is one more line here.
 */
export const INTEREST_TABLES: readonly { table: string; where: string }[] = [
  { table: 'watchlist_items', where: 'true' },
  { table: 'alerts', where: 'removed_at is null' },
];

/** A union of the interest tables present, as SQL yielding one `minifigure_id` column. */
export async function interestSql(em: EntityManager): Promise<string> {
  const rows = await query<{ name: string }[]>(
    em,
    'select t.name from unnest(?::text[]) as t(name) where to_regclass(t.name) is not null',
    [`{${INTEREST_TABLES.map((t) => t.table).join(',')}}`],
  );
  const present = new Set(rows.map((r) => r.name));
  const parts = INTEREST_TABLES.filter((t) => present.has(t.table)).map(
    // Names and conditions come from the constant above, never from input.
    (t) => `select minifigure_id from ${t.table} where ${t.where}`,
  );
  return parts.length > 0 ? parts.join(' union ') : 'select null::uuid as minifigure_id where false';
}

export interface FigureToRefresh {
  id: string;
  setNumber: string;
  name: string;
  theme: string | null;
  /** On a watchlist or under a live alert. */
  wanted: boolean;
  lastAttemptAt: Date | null;
}

export interface RefreshPolicy {
  sourceId: number;
  now: Date;
  limit: number;
  /** Wanted figures are due again this long (ms) after their last successful attempt. */
  wantedEveryMs: number;
  /** Other figures are due again this long (ms) after their last successful attempt. */
  othersEveryMs: number;
  /**
   * After a failed attempt a figure is due again after this many minutes, doubling with each
   * further failure up to its refresh period: the next runs fill the gap a failure left, while
   * a figure that always fails (unknown upstream) stops eating the budget.
   */
  retryFailedAfterMinutes: number;
}

/**
 * The figures a quota-bound source should fetch next: wanted figures that are due, then the rest
 * by the time they fell due, oldest first (never-fetched figures before all of them). A figure is
 * due its refresh period after a success; after failures, the retry delay doubled per consecutive
 * failure, capped at the refresh period.
 */
export async function pickFiguresToRefresh(em: EntityManager, p: RefreshPolicy): Promise<FigureToRefresh[]> {
  if (p.limit <= 0) return [];
  const interest = await interestSql(em);
  const rows = await query<(FigureToRefresh & { lastAttemptAt: string | null })[]>(
    em,
    `with interest as (select distinct minifigure_id from (${interest}) i),
     candidates as (
       select m.id, m.set_number, m.name, m.theme, (i.minifigure_id is not null) as wanted, s.last_attempt_at,
              s.last_attempt_at + case
                when s.consecutive_failures > 0
                  then least(r.period, make_interval(mins => ?::int) * power(2, least(s.consecutive_failures - 1, 16)))
                else r.period
              end as due_at
       from minifigures m
       left join interest i on i.minifigure_id = m.id
       left join source_fetch_state s on s.source_id = ? and s.item_key = m.set_number
       cross join lateral (
         select make_interval(secs => case when i.minifigure_id is not null then ?::float8 else ?::float8 end) as period
       ) r
     )
     select id, set_number as "setNumber", name, theme, wanted, last_attempt_at as "lastAttemptAt"
     from candidates
     where due_at is null or due_at <= ?
     order by wanted desc, due_at asc nulls first, set_number
     limit ?`,
    [p.retryFailedAfterMinutes, p.sourceId, p.wantedEveryMs / 1000, p.othersEveryMs / 1000, p.now, p.limit],
  );
  // The ORM's pg connection returns timestamptz as text.
  return rows.map((r) => ({
    ...r,
    lastAttemptAt: r.lastAttemptAt === null ? null : new Date(r.lastAttemptAt),
  }));
}

/** Figures on a watchlist or under a live alert (for sources that search by name). */
export async function wantedFigures(
  em: EntityManager,
): Promise<Pick<FigureToRefresh, 'id' | 'setNumber' | 'name' | 'theme'>[]> {
  const interest = await interestSql(em);
  return query(
    em,
    `select m.id, m.set_number as "setNumber", m.name, m.theme
     from minifigures m where m.id in (${interest})
     order by m.set_number`,
  );
}

export interface FetchAttempt {
  key: string;
  at: Date;
  success: boolean;
  error?: string;
}

/** Records attempts in one statement; a success clears the failure streak. */
export async function recordFetchAttempts(
  em: EntityManager,
  sourceId: number,
  attempts: FetchAttempt[],
): Promise<void> {
  if (attempts.length === 0) return;
  const payload = JSON.stringify(
    attempts.map((a) => ({ key: a.key, at: a.at.toISOString(), success: a.success, error: a.error ?? null })),
  );
  await query(
    em,
    `insert into source_fetch_state as s
       (source_id, item_key, last_attempt_at, last_success_at, consecutive_failures, last_error)
     select ?, r.key, r.at, case when r.success then r.at end, case when r.success then 0 else 1 end,
            case when r.success then null else left(r.error, 500) end
     from jsonb_to_recordset(?::jsonb) as r(key text, at timestamptz, success boolean, error text)
     on conflict (source_id, item_key) do update set
       last_attempt_at = excluded.last_attempt_at,
       last_success_at = coalesce(excluded.last_success_at, s.last_success_at),
       consecutive_failures = case when excluded.consecutive_failures = 0 then 0
                                   else s.consecutive_failures + 1 end,
       last_error = excluded.last_error`,
    [sourceId, payload],
  );
}

export interface FetchState {
  lastAttemptAt: Date;
  consecutiveFailures: number;
}

/** The state of each key that was ever tried (absent keys never were). */
export async function fetchStates(
  em: EntityManager,
  sourceId: number,
  keys: string[],
): Promise<Map<string, FetchState>> {
  if (keys.length === 0) return new Map();
  const rows = await query<{ key: string; at: Date; failures: number }[]>(
    em,
    `select item_key as key, last_attempt_at as at, consecutive_failures as failures from source_fetch_state
     where source_id = ? and item_key in (select jsonb_array_elements_text(?::jsonb))`,
    [sourceId, JSON.stringify(keys)],
  );
  return new Map(
    rows.map((r) => [r.key, { lastAttemptAt: new Date(r.at), consecutiveFailures: Number(r.failures) }]),
  );
}

export interface SourceQuota {
  id: number;
  name: string;
  /** An operator can switch a source off in data_sources. */
  isActive: boolean;
  /** Paces a run: a job run spends at most this many calls (hourly schedules). */
  perHour: number | null;
  perDay: number | null;
}

export async function sourceQuota(em: EntityManager, name: string): Promise<SourceQuota | null> {
  const [row] = await query<SourceQuota[]>(
    em,
    `select id, name, is_active as "isActive", rate_limit_per_hour as "perHour", rate_limit_per_day as "perDay"
     from data_sources where name = ?`,
    [name],
  );
  return row ?? null;
}

/** Calls recorded for a source on the UTC day of `at` (source_api_calls). */
export async function callsOnDay(em: EntityManager, sourceId: number, at: Date): Promise<number> {
  const [row] = await query<{ calls: number }[]>(
    em,
    `select calls from source_api_calls
     where source_id = ? and day = (?::timestamptz at time zone 'UTC')::date`,
    [sourceId, at],
  );
  return Number(row?.calls ?? 0);
}

/** Distinct catalogue themes, the most populous first (eBay sweeps them one query each). */
export async function catalogueThemes(em: EntityManager): Promise<{ theme: string; figures: number }[]> {
  const rows = await query<{ theme: string; figures: string }[]>(
    em,
    `select theme, count(*) as figures from minifigures where theme is not null
     group by theme order by count(*) desc, theme`,
  );
  return rows.map((r) => ({ theme: r.theme, figures: Number(r.figures) }));
}
