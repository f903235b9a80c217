import type { EntityManager } from '@mikro-orm/postgresql';
import { inAggregationTransaction } from '../db/repositories/analytics-sql.js';
import { dayNumber, dayString } from '../db/repositories/headline-prices.js';
import type { ChangedGroup } from '../db/repositories/refresh-state.js';
import {
  type ListingDays,
  listSources,
  refreshSnapshotChunk,
  type SnapshotCounts,
} from '../db/repositories/snapshots.js';

export interface SnapshotContext {
  minConfidence: number;
  days: ListingDays;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** Days per statement (default 7): a week of listings sorts in memory. */
  chunkDays?: number;
}

export interface SnapshotTotals extends SnapshotCounts {
  /** Distinct UTC days recomputed. */
  days: number;
}

function add(total: SnapshotTotals, c: SnapshotCounts): void {
  total.computed += c.computed;
  total.written += c.written;
  total.removed += c.removed;
}

/**
 * Recomputes every snapshot of days [fromDay, toDay] ('YYYY-MM-DD'), a chunk of days per statement,
 * `concurrency` chunks at a time (default 2: the refresh is CPU-bound in PostgreSQL, one core each).
 */
export async function refreshSnapshotRange(
  em: EntityManager,
  fromDay: string,
  toDay: string,
  ctx: SnapshotContext & { concurrency?: number },
): Promise<SnapshotTotals> {
  const sources = await listSources(em);
  const step = ctx.chunkDays ?? 7;
  const first = dayNumber(fromDay);
  const last = dayNumber(toDay);
  const total: SnapshotTotals = { computed: 0, written: 0, removed: 0, days: Math.max(0, last - first + 1) };
  const starts: number[] = [];
  for (let start = first; start <= last; start += step) starts.push(start);
  let next = 0;
  let done = 0;
  ctx.onProgress?.(0, starts.length);
  const worker = async () => {
    for (let i = next++; i < starts.length; i = next++) {
      ctx.signal?.throwIfAborted();
      const start = starts[i] as number;
      const scope = { fromDay: dayString(start), toDay: dayString(Math.min(start + step - 1, last)) };
      add(
        total,
        await inAggregationTransaction(em, (tx) =>
          refreshSnapshotChunk(tx, scope, { minConfidence: ctx.minConfidence, sources, days: ctx.days }),
        ),
      );
      ctx.onProgress?.(++done, starts.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, ctx.concurrency ?? 2) }, worker));
  return total;
}

/** Recomputes the snapshots of the figure-days that changed, grouped into chunks of nearby days. */
export async function refreshSnapshotPairs(
  em: EntityManager,
  changed: ChangedGroup[],
  ctx: SnapshotContext,
): Promise<SnapshotTotals> {
  const sources = await listSources(em);
  const step = ctx.chunkDays ?? 7;
  const byDay = new Map<number, Set<string>>();
  for (const g of changed) {
    const day = dayNumber(g.day);
    const figures = byDay.get(day);
    if (figures) figures.add(g.minifigureId);
    else byDay.set(day, new Set([g.minifigureId]));
  }
  const days = [...byDay.keys()].sort((a, b) => a - b);
  const total: SnapshotTotals = { computed: 0, written: 0, removed: 0, days: days.length };
  const chunks: number[][] = [];
  for (const day of days) {
    const current = chunks[chunks.length - 1];
    if (current && day - (current[0] as number) < step) current.push(day);
    else chunks.push([day]);
  }
  ctx.onProgress?.(0, chunks.length);
  for (const [i, chunk] of chunks.entries()) {
    ctx.signal?.throwIfAborted();
    const pairs = chunk.flatMap((day) =>
      [...(byDay.get(day) ?? [])].map((minifigureId) => ({ minifigureId, day: dayString(day) })),
    );
    const scope = {
      fromDay: dayString(chunk[0] as number),
      toDay: dayString(chunk[chunk.length - 1] as number),
      pairs,
    };
    add(
      total,
      await inAggregationTransaction(em, (tx) =>
        refreshSnapshotChunk(tx, scope, { minConfidence: ctx.minConfidence, sources, days: ctx.days }),
      ),
    );
    ctx.onProgress?.(i + 1, chunks.length);
  }
  return total;
}
