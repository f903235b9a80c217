import type { EntityManager } from '@mikro-orm/postgresql';
import {
  allFigureIds,
  createHeadlineStage,
  figureListings,
  figuresWithHeadline,
  mergeHeadlineStage,
  stageHeadlineRows,
  streamFigureListings,
  type WriteCounts,
  writeHeadlineRows,
} from '../db/repositories/headline-prices.js';
import type { ListingDays } from '../db/repositories/snapshots.js';
import { type HeadlineRow, headlineSeries, LONG_WINDOW_DAYS, RECENT_WINDOW_DAYS } from './headline-engine.js';

/**
 * Computes stored headline rows (headline-engine.ts) for ranges of as-of days. The listings are read
 * once per figure and every as-of day of the range is evaluated from them in memory; reading the
 * 30-day window again for each day in SQL would sort every listing 30 times.
 */

export interface HeadlineContext {
  minConfidence: number;
  days: ListingDays;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface HeadlineTotals extends WriteCounts {
  /** Figures whose listings were read. */
  figures: number;
}

const BATCH = 500;
/** Ranges up to this many as-of days try the 30-day listings first (the hourly case). */
const SHORT_RANGE_DAYS = 7;

function add(total: HeadlineTotals, c: WriteCounts): void {
  total.written += c.written;
  total.removed += c.removed;
}

/** Every as-of day of [fromDay, toDay] for these figures. */
export async function refreshFigureHeadlines(
  em: EntityManager,
  ids: string[],
  fromDay: number,
  toDay: number,
  ctx: HeadlineContext,
): Promise<HeadlineTotals> {
  if (ids.length === 0) return { written: 0, removed: 0, figures: 0 };
  return toDay - fromDay + 1 <= SHORT_RANGE_DAYS
    ? refreshRecentFirst(em, fromDay, toDay, ctx, ids)
    : refreshFiguresComplete(em, ids, fromDay, toDay, ctx);
}

/** Where computed rows go: written for `figures` over the range, or staged for a merge. */
type RowSink = (rows: HeadlineRow[], figures: string[]) => Promise<WriteCounts>;

/** From each figure's listings of the 180 days before the range. */
async function refreshFiguresComplete(
  em: EntityManager,
  ids: string[],
  fromDay: number,
  toDay: number,
  ctx: HeadlineContext,
  sink: RowSink = (rows, figures) => writeHeadlineRows(em, rows, { figures, fromDay, toDay }),
): Promise<HeadlineTotals> {
  const total: HeadlineTotals = { written: 0, removed: 0, figures: ids.length };
  for (let start = 0; start < ids.length; start += BATCH) {
    ctx.signal?.throwIfAborted();
    const batch = ids.slice(start, start + BATCH);
    const listings = await figureListings(em, {
      fromDay: fromDay - LONG_WINDOW_DAYS + 1,
      toDay,
      minConfidence: ctx.minConfidence,
      figures: batch,
      days: ctx.days,
    });
    const rows = listings.flatMap((fig) => headlineSeries(fig, fromDay, toDay).rows);
    add(total, await sink(rows, batch));
  }
  return total;
}

/** Every figure, as-of days [fromDay, toDay]. */
export async function refreshAllHeadlines(
  em: EntityManager,
  fromDay: number,
  toDay: number,
  ctx: HeadlineContext,
): Promise<HeadlineTotals> {
  return toDay - fromDay + 1 <= SHORT_RANGE_DAYS
    ? refreshRecentFirst(em, fromDay, toDay, ctx)
    : refreshAllStreaming(em, fromDay, toDay, ctx);
}

/** A long range (a rebuild): stream every figure's listings of the whole reach, figure by figure. */
async function refreshAllStreaming(
  em: EntityManager,
  fromDay: number,
  toDay: number,
  ctx: HeadlineContext,
): Promise<HeadlineTotals> {
  const figureCount = (await allFigureIds(em)).length;
  let figures = 0;
  ctx.onProgress?.(0, figureCount);
  const input = {
    fromDay: fromDay - LONG_WINDOW_DAYS + 1,
    toDay,
    minConfidence: ctx.minConfidence,
    days: ctx.days,
  };
  let merged: WriteCounts = { written: 0, removed: 0 };
  await streamFigureListings(
    em,
    input,
    BATCH,
    async (batch, tx) => {
      ctx.signal?.throwIfAborted();
      await stageHeadlineRows(
        tx,
        batch.flatMap((fig) => headlineSeries(fig, fromDay, toDay).rows),
      );
      figures += batch.length;
      ctx.onProgress?.(Math.min(figures, figureCount), figureCount);
    },
    {
      before: createHeadlineStage,
      after: async (tx) => {
        merged = await mergeHeadlineStage(tx, fromDay, toDay);
      },
    },
  );
  return { ...merged, figures };
}

/**
 * A few as-of days, for every figure or for `scope`: read only the last 30 days of listings, which
 * settle almost every figure; the rest (nothing of a condition in 30 days) are redone from 180 days
 * of listings. Without a scope, those are the figures that had a headline the day before (any
 * listing of the 180 days before `fromDay` gave them one), or, with no headlines stored for that
 * day, every unsettled figure.
 */
async function refreshRecentFirst(
  em: EntityManager,
  fromDay: number,
  toDay: number,
  ctx: HeadlineContext,
  scope?: string[],
): Promise<HeadlineTotals> {
  const recent = await figureListings(em, {
    fromDay: fromDay - RECENT_WINDOW_DAYS + 1,
    toDay,
    minConfidence: ctx.minConfidence,
    figures: scope,
    days: ctx.days,
  });
  const settled: string[] = [];
  const settledRows: HeadlineRow[] = [];
  const unsettled = new Set<string>();
  for (const fig of recent) {
    const series = headlineSeries(fig, fromDay, toDay, true);
    if (series.incomplete) unsettled.add(fig.minifigureId);
    else {
      settled.push(fig.minifigureId);
      settledRows.push(...series.rows);
    }
  }
  const settledSet = new Set(settled);
  const before = scope ? new Set(scope) : await figuresWithHeadline(em, fromDay - 1);
  const candidates = before.size > 0 ? [...before] : await allFigureIds(em);
  for (const id of candidates) if (!settledSet.has(id)) unsettled.add(id);
  const rest = [...unsettled].sort();
  if (!scope) return replaceDays(em, fromDay, toDay, ctx, settledRows, rest, recent.length);

  const total: HeadlineTotals = { written: 0, removed: 0, figures: recent.length };
  const steps = Math.ceil(settled.length / BATCH) + Math.ceil(unsettled.size / BATCH);
  let done = 0;
  ctx.onProgress?.(0, steps);
  const rowsByFigure = new Map<string, HeadlineRow[]>();
  for (const row of settledRows) {
    const list = rowsByFigure.get(row.minifigureId);
    if (list) list.push(row);
    else rowsByFigure.set(row.minifigureId, [row]);
  }
  for (let start = 0; start < settled.length; start += BATCH) {
    ctx.signal?.throwIfAborted();
    const ids = settled.slice(start, start + BATCH);
    const rows = ids.flatMap((id) => rowsByFigure.get(id) ?? []);
    add(total, await writeHeadlineRows(em, rows, { figures: ids, fromDay, toDay }));
    ctx.onProgress?.(++done, steps);
  }
  const redone = await refreshFiguresComplete(em, rest, fromDay, toDay, {
    ...ctx,
    onProgress: undefined,
  });
  add(total, redone);
  total.figures += redone.figures;
  ctx.onProgress?.(steps, steps);
  return total;
}

/**
 * Every figure's rows of a few days (the daily case: one new day of 36,000 rows): the settled rows
 * and those of the redone figures are staged, then merged in one pass, which also removes the rows
 * of figures that no longer have a price, which is much faster than upserting them figure by figure.
 */
async function replaceDays(
  em: EntityManager,
  fromDay: number,
  toDay: number,
  ctx: HeadlineContext,
  settledRows: HeadlineRow[],
  rest: string[],
  settledFigures: number,
): Promise<HeadlineTotals> {
  ctx.onProgress?.(0, 2);
  return em.transactional(async (tx) => {
    await createHeadlineStage(tx);
    await stageHeadlineRows(tx, settledRows);
    ctx.onProgress?.(1, 2);
    const sink: RowSink = async (rows) => {
      await stageHeadlineRows(tx, rows);
      return { written: 0, removed: 0 };
    };
    const redone = await refreshFiguresComplete(tx, rest, fromDay, toDay, ctx, sink);
    ctx.signal?.throwIfAborted();
    const merged = await mergeHeadlineStage(tx, fromDay, toDay);
    ctx.onProgress?.(2, 2);
    return { ...merged, figures: settledFigures + redone.figures };
  });
}
