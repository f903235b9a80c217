import type { EntityManager } from '@mikro-orm/postgresql';
import { UserError } from '../core/errors.js';
import { headlineLowsAsOf, refreshHeadlineLows } from '../db/repositories/headline-lows.js';
import { dayNumber, dayString, pruneHeadlinesBefore } from '../db/repositories/headline-prices.js';
import { moversLatestAsOf, refreshMoversLatest } from '../db/repositories/movers-latest.js';
import {
  analyzeRebuiltTables,
  type ChangedGroup,
  changedGroups,
  countChangedListings,
  listingDayBounds,
  readRefreshState,
  safeWatermark,
  writeRefreshState,
} from '../db/repositories/refresh-state.js';
import { type ListingDays, snapshotDayBounds, timescaleInUse } from '../db/repositories/snapshots.js';
import { LONG_WINDOW_DAYS } from './headline-engine.js';
import { type HeadlineTotals, refreshAllHeadlines, refreshFigureHeadlines } from './headline-refresh.js';
import { refreshSnapshotPairs, refreshSnapshotRange } from './snapshot-refresh.js';

/** Headline rows are kept for today and the 90 days before: movers look 30 days back, new lows 90. */
export const HEADLINE_HISTORY_DAYS = 91;
/** More changed listings than this since the last run: a full rebuild is cheaper than the bookkeeping. */
export const MAX_INCREMENTAL_CHANGES = 1_000_000;

export type RefreshPhase = 'snapshots' | 'headlines';

export interface RefreshOptions {
  /** config.matchConfidenceThreshold: listings scored below it are left out. */
  minConfidence: number;
  now?: Date;
  /** Recompute every day instead of only those with new or superseded listings. */
  full?: boolean;
  /** Limit the work to these UTC days ('YYYY-MM-DD', inclusive). A limited run keeps the watermark. */
  from?: string;
  to?: string;
  signal?: AbortSignal;
  onProgress?: (phase: RefreshPhase, done: number, total: number) => void;
  /** Snapshot chunks computed at once in a rebuild (default 2, one per core; 1 for a single-connection database). */
  concurrency?: number;
}

export interface RefreshSummary {
  mode: 'incremental' | 'full';
  /** Why a full rebuild ran ('requested', 'first run', ...); empty for an incremental run. */
  reason: string;
  /** Listings ingested or superseded since the last run (incremental runs). */
  changedListings: number;
  snapshotDays: number;
  snapshotRows: number;
  snapshotsWritten: number;
  snapshotsRemoved: number;
  /** As-of days whose headline rows were recomputed for at least one figure. */
  headlineFrom: string | null;
  headlineTo: string | null;
  headlineFigures: number;
  headlinesWritten: number;
  headlinesRemoved: number;
  /** The latest as-of day with headlines for every figure after this run. */
  asOf: string | null;
  timescale: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseDay(label: string, value: string | undefined): number | null {
  if (value === undefined) return null;
  const day = DATE.test(value) ? dayNumber(value) : Number.NaN;
  if (!Number.isFinite(day) || dayString(day) !== value) {
    throw new UserError(`${label} must be a date as YYYY-MM-DD, got "${value}".`);
  }
  return day;
}

/**
 * Brings price_snapshots, headline_prices and headline_lows up to date (docs/prices.md, "How they
 * are computed"). Incremental by default: only figure-days with listings ingested or superseded since
 * the last run, plus the as-of days that have begun since; `full` recomputes everything. Running it
 * twice writes nothing the second time. Listings are found by ingested_at and superseded_at, so
 * anything that changes a listing in place must be followed by a full run.
 */
export async function refreshSnapshots(em: EntityManager, opts: RefreshOptions): Promise<RefreshSummary> {
  const now = opts.now ?? new Date();
  const today = Math.floor(now.getTime() / 86_400_000);
  const from = parseDay('--from', opts.from);
  const to = parseDay('--to', opts.to);
  if (from !== null && to !== null && from > to) throw new UserError('--from must not be after --to.');
  const limited = from !== null || to !== null;
  const inRange = (day: number) => (from === null || day >= from) && (to === null || day <= to);

  const days = { timescale: await timescaleInUse(em) };
  const watermark = await safeWatermark(em);
  const state = await readRefreshState(em);
  const summary: RefreshSummary = {
    mode: 'incremental',
    reason: '',
    changedListings: 0,
    snapshotDays: 0,
    snapshotRows: 0,
    snapshotsWritten: 0,
    snapshotsRemoved: 0,
    headlineFrom: null,
    headlineTo: null,
    headlineFigures: 0,
    headlinesWritten: 0,
    headlinesRemoved: 0,
    asOf: state.headlineThrough,
    timescale: days.timescale,
  };

  let changed: ChangedGroup[] = [];
  if (opts.full) summary.reason = 'requested';
  else if (!state.watermark) summary.reason = 'first run';
  else if (state.confidenceThreshold !== opts.minConfidence) {
    summary.reason = `match-confidence threshold changed (${state.confidenceThreshold} to ${opts.minConfidence})`;
  } else {
    summary.changedListings = await countChangedListings(em, state.watermark);
    if (summary.changedListings > MAX_INCREMENTAL_CHANGES) {
      summary.reason = `${summary.changedListings} changed listings`;
    } else if (summary.changedListings > 0) {
      changed = (await changedGroups(em, state.watermark, days)).filter((g) => inRange(dayNumber(g.day)));
    }
  }
  const full = summary.reason !== '';
  if (full) summary.mode = 'full';

  const together = (opts.concurrency ?? 2) > 1;
  const input = { opts, changed, full, from, to, days, together };
  const parts = [
    () => refreshSnapshotPart(em, input),
    () => refreshHeadlinePart(em, { ...input, today, through: state.headlineThrough }),
  ];
  Object.assign(summary, ...(await runParts(parts, together)));
  // A rebuild replaces most rows at once, faster than autovacuum notices: without fresh statistics
  // the movers query plans headline_lows as a few dozen rows and chooses a slow join.
  if (full) await analyzeRebuiltTables(em);

  await writeRefreshState(em, {
    watermark: limited ? undefined : watermark,
    confidenceThreshold: limited ? undefined : opts.minConfidence,
    headlineThrough: summary.asOf ?? undefined,
    full: full && !limited,
    summary,
  });
  return summary;
}

/**
 * The snapshot and headline parts read listings and write different tables, so they run side by
 * side (the snapshot statements keep PostgreSQL busy while the headline engine computes in this
 * process), unless the database has a single connection. Both are awaited before a failure is
 * passed on, so that nothing still writes once the caller has released the refresh lock.
 */
async function runParts<T>(parts: (() => Promise<T>)[], together: boolean): Promise<T[]> {
  if (!together) {
    const results: T[] = [];
    for (const part of parts) results.push(await part());
    return results;
  }
  const settled = await Promise.allSettled(parts.map((part) => part()));
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}

interface PartInput {
  opts: RefreshOptions;
  /** Whether independent statements may run on separate connections at once. */
  together: boolean;
  changed: ChangedGroup[];
  full: boolean;
  from: number | null;
  to: number | null;
  days: ListingDays;
}

/** price_snapshots: every day of the listings (a rebuild) or the changed figure-days. */
async function refreshSnapshotPart(
  em: EntityManager,
  { opts, changed, full, from, to, days }: PartInput,
): Promise<Partial<RefreshSummary>> {
  const ctx = {
    minConfidence: opts.minConfidence,
    days,
    signal: opts.signal,
    concurrency: opts.concurrency,
    onProgress: (done: number, total: number) => opts.onProgress?.('snapshots', done, total),
  };
  if (!full) return changed.length > 0 ? snapshotFields(await refreshSnapshotPairs(em, changed, ctx)) : {};
  const listed = await listingDayBounds(em, opts.minConfidence, days);
  const stored = await snapshotDayBounds(em);
  const firsts = [listed?.first, stored?.first].filter((d): d is string => !!d).map(dayNumber);
  const lasts = [listed?.last, stored?.last].filter((d): d is string => !!d).map(dayNumber);
  if (firsts.length === 0) return {};
  const lo = Math.max(Math.min(...firsts), from ?? -Infinity);
  const hi = Math.min(Math.max(...lasts), to ?? Infinity);
  return lo <= hi ? snapshotFields(await refreshSnapshotRange(em, dayString(lo), dayString(hi), ctx)) : {};
}

/**
 * headline_prices over the horizon of as-of days, cut to the requested range, then headline_lows and
 * the stored movers of the latest as-of day (movers_latest).
 */
async function refreshHeadlinePart(
  em: EntityManager,
  {
    opts,
    changed,
    full,
    from,
    to,
    days,
    together,
    today,
    through: throughDate,
  }: PartInput & {
    today: number;
    through: string | null;
  },
): Promise<Partial<RefreshSummary>> {
  const horizonStart = today - HEADLINE_HISTORY_DAYS + 1;
  const asOfFrom = Math.max(horizonStart, from ?? horizonStart);
  const asOfTo = Math.min(today, to ?? today);
  const through = throughDate ? dayNumber(throughDate) : null;
  const headlineCtx = {
    minConfidence: opts.minConfidence,
    days,
    signal: opts.signal,
    onProgress: (done: number, total: number) => opts.onProgress?.('headlines', done, total),
  };
  const totals: HeadlineTotals[] = [];
  const touched: number[] = [];
  let newThrough = through;
  let lowsDone = false;
  if (asOfFrom <= asOfTo) {
    const caughtUp = through !== null && through >= horizonStart - 1;
    if (full || !caughtUp) {
      totals.push(await refreshAllHeadlines(em, asOfFrom, asOfTo, headlineCtx));
      touched.push(asOfFrom, asOfTo);
      if (asOfFrom === horizonStart || (through !== null && asOfFrom <= through + 1)) {
        newThrough = Math.max(through ?? asOfTo, asOfTo);
      }
    } else {
      // Days already computed are redone for the figures whose listings changed; the days that
      // began since the last run are computed next for every figure, these included.
      const dirtyTo = Math.min(asOfTo, through);
      const redone: string[] = [];
      for (const [start, ids] of dirtyFigures(changed, asOfFrom, dirtyTo)) {
        totals.push(await refreshFigureHeadlines(em, ids, start, dirtyTo, headlineCtx));
        touched.push(start, dirtyTo);
        redone.push(...ids);
      }
      const newFrom = Math.max(through + 1, asOfFrom);
      if (newFrom <= asOfTo) {
        // The lows of the one new as-of day cover the 90 days before it, all stored by now: they
        // slide a day from the stored ones while that day's headlines are computed.
        const slideLows =
          newFrom === through + 1 && newFrom === asOfTo && (await headlineLowsAsOf(em)) === through;
        const [all] = await runParts<unknown>(
          [
            () => refreshAllHeadlines(em, newFrom, asOfTo, headlineCtx),
            async () => slideLows && (await refreshHeadlineLows(em, asOfTo, { figures: redone })),
          ],
          together,
        );
        totals.push(all as HeadlineTotals);
        touched.push(newFrom, asOfTo);
        if (newFrom === through + 1) newThrough = asOfTo;
        lowsDone = slideLows;
      }
    }
  }
  const part = {
    headlineFigures: 0,
    headlinesWritten: 0,
    headlinesRemoved: 0,
    headlineFrom: null as string | null,
    headlineTo: null as string | null,
    asOf: newThrough === null ? null : dayString(newThrough),
  };
  for (const t of totals) {
    part.headlineFigures += t.figures;
    part.headlinesWritten += t.written;
    part.headlinesRemoved += t.removed;
  }
  if (touched.length > 0) {
    part.headlineFrom = dayString(Math.min(...touched));
    part.headlineTo = dayString(Math.max(...touched));
  }
  const changedRows = part.headlinesWritten + part.headlinesRemoved > 0 || newThrough !== through;
  if (!lowsDone && newThrough !== null && changedRows) await refreshHeadlineLows(em, newThrough);
  // After the lows: sliding their window by a day needs the day that leaves it.
  part.headlinesRemoved += await pruneHeadlinesBefore(em, horizonStart);
  // Changed listings refresh the stored movers even when no headline changed: a run that stopped
  // after its headline writes left them behind, and changed listings are all that tells.
  const stale = full || changed.length > 0 || changedRows;
  if (stale || (await moversLatestAsOf(em)) !== part.asOf) await refreshMoversLatest(em);
  return part;
}

function snapshotFields(t: { days: number; computed: number; written: number; removed: number }) {
  return {
    snapshotDays: t.days,
    snapshotRows: t.computed,
    snapshotsWritten: t.written,
    snapshotsRemoved: t.removed,
  };
}

/**
 * Figures whose changed listings reach the as-of days: a listing of day d feeds the headlines of
 * days d..d+179. Grouped by the first as-of day to recompute, so a figure changed only today does
 * not redo the whole horizon because another one had a late sale.
 */
function dirtyFigures(changed: ChangedGroup[], asOfFrom: number, asOfTo: number): Map<number, string[]> {
  const first = new Map<string, number>();
  for (const g of changed) {
    const day = dayNumber(g.day);
    if (day > asOfTo || day + LONG_WINDOW_DAYS - 1 < asOfFrom) continue;
    first.set(g.minifigureId, Math.min(first.get(g.minifigureId) ?? day, day));
  }
  const byStart = new Map<number, string[]>();
  for (const [f, day] of first) {
    const start = Math.max(day, asOfFrom);
    const ids = byStart.get(start);
    if (ids) ids.push(f);
    else byStart.set(start, [f]);
  }
  return new Map([...byStart.entries()].sort((a, b) => a[0] - b[0]));
}
