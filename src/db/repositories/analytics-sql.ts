import type { EntityManager } from '@mikro-orm/postgresql';
import { withRawClient } from './raw-client.js';

/**
 * The repositories' one way to run SQL: real bind parameters on node-postgres, on `em`'s transaction
 * when it has one. `?` placeholders are numbered here (`$1`, `$2`, ...), so the SQL must not contain
 * a literal question mark elsewhere; an array is one parameter (`= any(?::text[])`), never expanded
 * into a list. MikroORM's `execute` would inline every parameter into the SQL text for its logger,
 * escaping a batch of JSON character by character on the client, and `em.getConnection().execute`
 * would run outside the caller's transaction. Plain CRUD goes through the entities instead.
 */
export async function query<T extends object[] = Record<string, unknown>[]>(
  em: EntityManager,
  sql: string,
  params: readonly unknown[] = [],
): Promise<T> {
  let n = 0;
  const text = sql.replace(/\?/g, () => `$${++n}`);
  if (n !== params.length) throw new Error(`query: ${n} placeholders but ${params.length} parameters`);
  const result = await withRawClient(em, (client) => client.query(text, params as unknown[]));
  return result.rows as T;
}

/** Planner settings an aggregation may take besides its sort memory. */
export interface AggregationSettings {
  workMem?: '64MB' | '128MB';
  /**
   * Plan shapes to keep out (`enable_<name> = off`), where the estimates mislead the planner: rows
   * written moments ago are not in the statistics, and partitioned joins are estimated absurdly.
   */
  without?: ('nestloop' | 'sort')[];
}

/**
 * Runs `fn` in a transaction set up for one big aggregation: sort memory for a day's or a month's
 * listings (the default 4 MB spills the 30-day headline read to disk), and no JIT. JIT pays off only
 * for long scans; on these statements its compile time is most of the cost, because their estimates
 * are inflated (nested loops off, partitions). `SET LOCAL` ends with the transaction, or with the
 * caller's when `em` is already in one.
 */
export async function inAggregationTransaction<T>(
  em: EntityManager,
  fn: (tx: EntityManager) => Promise<T>,
  settings: AggregationSettings = {},
): Promise<T> {
  return em.transactional(async (tx) => {
    await query(tx, `set local work_mem = '${settings.workMem ?? '64MB'}'`);
    await query(tx, 'set local jit = off');
    for (const plan of settings.without ?? []) await query(tx, `set local enable_${plan} = off`);
    return fn(tx);
  });
}
