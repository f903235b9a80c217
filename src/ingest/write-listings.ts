import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { withRawClient } from '../db/raw-client.js';
import { insertPriceListings, type ListingRow } from '../db/repositories/price-listings-bulk.js';
import { insertUnmatchedListings, type UnmatchedRow } from '../db/repositories/unmatched-listings.js';

export type { ListingRow, UnmatchedRow };

/** Rows per statement: large enough to amortise the round-trip, small enough to keep one failure cheap. */
export const DEFAULT_CHUNK_SIZE = 5000;
/**
 * Chunks written at once, each on its own pooled connection. Index and foreign-key upkeep is the
 * server's per-row cost; two statements keep both cores busy (bench/README.md has the figures).
 */
export const DEFAULT_CONCURRENCY = 2;

export interface WriteCounts {
  /** New rows. */
  inserted: number;
  /** Rows skipped because the same (source, upstream id, timestamp) was already stored. */
  duplicates: number;
}

export interface ChunkFailure {
  /** Rows in the failed statement, none of which were written. */
  rows: number;
  error: unknown;
}

export interface WriteOptions {
  chunkSize?: number;
  /** Chunks in flight at once (default 2); always 1 inside a transaction. */
  concurrency?: number;
  /**
   * Called when one chunk's statement fails; the other chunks are still written. Without it the
   * first failure is thrown. Each chunk is one statement, so a failed chunk wrote nothing and a
   * rerun of the same data fills exactly the gap.
   */
  onChunkError?: (failure: ChunkFailure) => void;
}

/**
 * Bulk-writes matched listings into price_listings with `unnest` on the raw pg client, chunk by
 * chunk. A rerun of the same fetch inserts nothing and reports every row as a duplicate.
 */
export function writeListings(
  em: EntityManager,
  sourceId: number,
  rows: ListingRow[],
  opts: WriteOptions = {},
): Promise<WriteCounts> {
  return writeChunks(em, rows, opts, (client, chunk) => insertPriceListings(client, sourceId, chunk));
}

/** The same for listings kept for review in unmatched_listings. */
export function writeUnmatched(
  em: EntityManager,
  sourceId: number,
  rows: UnmatchedRow[],
  opts: WriteOptions = {},
): Promise<WriteCounts> {
  return writeChunks(em, rows, opts, (client, chunk) => insertUnmatchedListings(client, sourceId, chunk));
}

async function writeChunks<R>(
  em: EntityManager,
  rows: R[],
  opts: WriteOptions,
  insert: (client: pg.ClientBase, chunk: R[]) => Promise<number>,
): Promise<WriteCounts> {
  const counts: WriteCounts = { inserted: 0, duplicates: 0 };
  const size = opts.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const chunkAt = (i: number) => rows.slice(i * size, (i + 1) * size);
  const failures = await inLanes(
    em,
    Math.ceil(rows.length / size),
    async (client, i) => {
      const chunk = chunkAt(i);
      const inserted = await insert(client, chunk);
      counts.inserted += inserted;
      counts.duplicates += chunk.length - inserted;
    },
    { concurrency: opts.concurrency, stopOnError: !opts.onChunkError },
  );
  if (failures.length > 0 && !opts.onChunkError) throw (failures[0] as LaneFailure).error;
  for (const f of failures) opts.onChunkError?.({ rows: chunkAt(f.index).length, error: f.error });
  return counts;
}

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
