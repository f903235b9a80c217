import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { withRawClient } from './raw-client.js';

/**
 * Chunks written at once, each on its own pooled connection. Index and foreign-key upkeep is the
 * server's per-row cost; two statements keep both cores busy (bench/README.md has the figures).
 */
export const DEFAULT_CONCURRENCY = 2;

export interface LaneFailure {
  index: number;
  error: unknown;
}

/**
 * Runs units of work 0..count-1, up to `concurrency` at once (default 2), each with its own pooled
 * raw client; inside a transaction there is one connection, so they run one after the other.
 * A unit that builds its rows before inserting them overlaps that JavaScript work with the server
 * inserting another unit's rows. A connection lost mid-run (server restart) costs only the units
 * using it: the pool hands the next unit a fresh connection. Returns the failed units.
 */
export async function inLanes(
  em: EntityManager,
  count: number,
  work: (client: pg.ClientBase, index: number) => Promise<void>,
  opts: { concurrency?: number; stopOnError?: boolean } = {},
): Promise<LaneFailure[]> {
  const lanes = em.getTransactionContext() ? 1 : Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  const failures: LaneFailure[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      try {
        await withRawClient(em, (client) => work(client, index));
      } catch (error) {
        failures.push({ index, error });
        if (opts.stopOnError) next = count; // take no new units; those in flight finish
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, count) }, lane));
  return failures.sort((a, b) => a.index - b.index);
}
