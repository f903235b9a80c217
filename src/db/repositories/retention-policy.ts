/**
 * The statements behind TimescaleDB's retention policy on price_listings (see db/retention.ts, which
 * decides which of them to run). Each takes the executor to run on, so that the decision can run
 * on the ORM's transaction or, in tests, on an in-process TimescaleDB.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { isRetentionInterval } from '../../config.js';
import { query } from './analytics-sql.js';
import { TIMESCALEDB_INSTALLED } from './timescale.js';

/** Runs one SQL statement (no parameters) and resolves to its rows. */
export type ExecuteSql = (sql: string) => Promise<Record<string, unknown>[]>;

/** Runs `work` in one transaction of `em`, handing it an ExecuteSql on that transaction. */
export function inRetentionTransaction<T>(
  em: EntityManager,
  work: (execute: ExecuteSql) => Promise<T>,
): Promise<T> {
  return em.transactional((tx) => work((sql) => query(tx, sql)));
}

/** price_listings as the hypertable views name it, resolved through the search path like the migrations. */
const IS_PRICE_LISTINGS = `to_regclass(format('%I.%I', hypertable_schema, hypertable_name)) = to_regclass('price_listings')`;

export async function timescaleInstalled(execute: ExecuteSql): Promise<boolean> {
  return (await execute(TIMESCALEDB_INSTALLED)).length > 0;
}

export async function priceListingsIsHypertable(execute: ExecuteSql): Promise<boolean> {
  const rows = await execute(`select 1 from timescaledb_information.hypertables where ${IS_PRICE_LISTINGS}`);
  return rows.length > 0;
}

/**
 * The drop_after of the retention policy on price_listings, as canonical interval text, or
 * undefined when there is none. Intervals are compared by this text, not with `=`: PostgreSQL
 * counts a month as 30 days when comparing, so interval '1 year' = interval '360 days' is true, yet
 * the two policies drop different chunks. The text form still equates spellings of one interval
 * ('12 months' and '1 year' both print as '1 year').
 */
export async function retentionDropAfter(execute: ExecuteSql): Promise<string | undefined> {
  const rows = await execute(`
    select coalesce((config->>'drop_after')::interval::text, config::text) as drop_after
    from timescaledb_information.jobs
    where proc_name = 'policy_retention' and ${IS_PRICE_LISTINGS}`);
  return rows[0] === undefined ? undefined : String(rows[0].drop_after);
}

/** `interval` as PostgreSQL prints it, the form retentionDropAfter compares with. */
export async function intervalText(execute: ExecuteSql, interval: string): Promise<string> {
  const rows = await execute(`select (interval '${intervalLiteral(interval)}')::text as drop_after`);
  return String(rows[0]?.drop_after);
}

export async function removeRetentionPolicy(execute: ExecuteSql): Promise<void> {
  await execute(`select remove_retention_policy('price_listings', if_exists => true)`);
}

export async function addRetentionPolicy(execute: ExecuteSql, dropAfter: string): Promise<void> {
  await execute(
    `select add_retention_policy('price_listings', drop_after => interval '${intervalLiteral(dropAfter)}')`,
  );
}

/** The interval is embedded in the SQL text: only digits, white space and a unit word get through. */
function intervalLiteral(interval: string): string {
  if (!isRetentionInterval(interval))
    throw new Error(`Invalid retention interval ${JSON.stringify(interval)}`);
  return interval;
}
