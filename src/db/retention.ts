import { isRetentionInterval } from '../config.js';

/** Runs one SQL statement (no parameters) and resolves to its rows. */
export type ExecuteSql = (sql: string) => Promise<Record<string, unknown>[]>;

/** What applyRetentionPolicy found and did. */
export type RetentionResult =
  /** Plain PostgreSQL, or price_listings is not a hypertable: there is nothing a policy could act on. */
  | { action: 'skipped'; reason: 'timescaledb-not-installed' | 'not-a-hypertable' }
  /** No retention wanted and none existed. */
  | { action: 'none' }
  /** The existing policy already drops after the wanted interval. */
  | { action: 'unchanged'; dropAfter: string }
  | { action: 'added'; dropAfter: string }
  | { action: 'replaced'; previous: string; dropAfter: string }
  | { action: 'removed'; previous: string };

/**
 * Throws unless `retention` is undefined or a usable interval. Checked again here, not only in
 * loadConfig, because the value is embedded in SQL: the pattern admits digits, white space and a
 * unit word only.
 */
export function assertRetentionInterval(retention: string | undefined): void {
  if (retention !== undefined && !isRetentionInterval(retention)) {
    throw new Error(`Invalid retention interval ${JSON.stringify(retention)}: expected e.g. '5 years'`);
  }
}

/** price_listings as the hypertable views name it, resolved through the search path like the migrations. */
const IS_PRICE_LISTINGS = `to_regclass(format('%I.%I', hypertable_schema, hypertable_name)) = to_regclass('price_listings')`;

/**
 * Makes TimescaleDB's retention policy on price_listings match PRICE_RETENTION. Retention stays off
 * unless configured ("price data is never deleted"): with `retention` undefined any existing policy is
 * removed, otherwise exactly one policy dropping chunks older than `retention` is left in place.
 *
 * Two statements may run (remove, then add); call it inside a transaction so a change is atomic.
 */
export async function applyRetentionPolicy(
  execute: ExecuteSql,
  retention: string | undefined,
): Promise<RetentionResult> {
  assertRetentionInterval(retention);

  const ext = await execute(`select 1 from pg_extension where extname = 'timescaledb'`);
  if (ext.length === 0) return { action: 'skipped', reason: 'timescaledb-not-installed' };
  const hyper = await execute(`select 1 from timescaledb_information.hypertables where ${IS_PRICE_LISTINGS}`);
  if (hyper.length === 0) return { action: 'skipped', reason: 'not-a-hypertable' };

  // Intervals are compared by their canonical text, not with `=`: PostgreSQL counts a month as 30
  // days when comparing, so interval '1 year' = interval '360 days' is true, yet the two policies
  // drop different chunks. The text form still equates spellings of one interval ('12 months' and
  // '1 year' both print as '1 year').
  const existing = await execute(`
    select coalesce((config->>'drop_after')::interval::text, config::text) as drop_after
    from timescaledb_information.jobs
    where proc_name = 'policy_retention' and ${IS_PRICE_LISTINGS}`);
  const previous = existing[0] === undefined ? undefined : String(existing[0].drop_after);

  if (retention === undefined) {
    if (previous === undefined) return { action: 'none' };
    await execute(`select remove_retention_policy('price_listings', if_exists => true)`);
    return { action: 'removed', previous };
  }

  const wanted = await execute(`select (interval '${retention}')::text as drop_after`);
  const dropAfter = String(wanted[0]?.drop_after);
  if (previous === dropAfter) return { action: 'unchanged', dropAfter };
  if (previous !== undefined) {
    await execute(`select remove_retention_policy('price_listings', if_exists => true)`);
  }
  await execute(`select add_retention_policy('price_listings', drop_after => interval '${retention}')`);
  return previous === undefined
    ? { action: 'added', dropAfter }
    : { action: 'replaced', previous, dropAfter };
}
