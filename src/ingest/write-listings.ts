import type { EntityManager } from '@mikro-orm/postgresql';
import type pg from 'pg';
import { inLanes, type LaneFailure } from '../db/repositories/lanes.js';
import { insertPriceListings, type ListingRow } from '../db/repositories/price-listings-bulk.js';

export type { ListingRow };

/** Rows per statement: large enough to amortise the round-trip, small enough to keep one failure cheap. */
export const DEFAULT_CHUNK_SIZE = 5000;

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
