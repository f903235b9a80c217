import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EntityManager } from '@mikro-orm/postgresql';
import { listMatchCatalogue } from '../db/repositories/match-catalogue.js';
import { listSetFigures } from '../db/repositories/set-figures.js';
import type { CatalogueFigure } from './catalogue-index.js';
import type { MatchResult } from './decide.js';
import { DEFAULT_THRESHOLD, type MatcherOptions } from './matcher.js';
import type { PoolRequest, PoolResponse, PoolWorkerData } from './pool-protocol.js';

const SHIM = new URL('../workers/ts-worker-shim.mjs', import.meta.url);
const ENTRY = new URL('./pool-worker.ts', import.meta.url).href;
/**
 * Titles per request to a worker: enough matching that the message costs nothing next to it, few
 * enough that both workers stay busy to the end of a batch.
 */
const PIECE = 100;

export interface MatcherPoolOptions extends Omit<MatcherOptions, 'setInventory'> {
  /** Set number -> item numbers (see MatcherOptions.setInventory): only data crosses into the workers. */
  setInventory?: ReadonlyMap<string, readonly string[]>;
  /** Worker threads; default 2 (or 1 on a one-core machine): the database needs CPU too. */
  workers?: number;
  /** Test seam, see PoolWorkerData.failOn. */
  failOn?: string;
}

/** A title matcher whose matching runs in worker threads, each with its own catalogue index. */
export interface MatcherPool {
  readonly size: number;
  readonly threshold: number;
  readonly workers: number;
  /** Milliseconds from creating the pool to every worker having its index. */
  readonly startupMs: number;
  /** Why the pool can no longer match (a worker died), or null while it can. */
  failure(): Error | null;
  /** One result per title, in order, the same as createMatcher(...).match would give. */
  match(titles: readonly string[]): Promise<MatchResult[]>;
  /** Stops the workers; pending and later calls fail. */
  close(): Promise<void>;
}

interface Piece {
  titles: readonly string[];
  done: (results: MatchResult[]) => void;
  fail: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Piece | null;
}

/**
 * Starts `workers` threads that each build the matcher's index once (the catalogue is read here,
 * once, and copied to them), for one job run: the index takes about half a second per worker to
 * build, so a pool is made once and used for every batch of the run, then closed.
 *
 * A batch is split into pieces of PIECE distinct titles, handed out first come first served, so
 * one batch uses every worker and batches queued behind it keep their order. A worker that dies
 * (or fails to start) breaks the pool: the calls it was serving and every later one fail with
 * the worker's error instead of waiting for an answer that will not come.
 */
export async function createMatcherPool(
  source: EntityManager | readonly CatalogueFigure[],
  opts: MatcherPoolOptions = {},
): Promise<MatcherPool> {
  const started = performance.now();
  const { workers: wanted, failOn, ...matcherOptions } = opts;
  const threshold = matcherOptions.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1))
    throw new RangeError(`threshold must be within 0..1, got ${threshold}`);
  const catalogue = Array.isArray(source)
    ? (source as readonly CatalogueFigure[])
    : await listMatchCatalogue(source as EntityManager);
  if (!Array.isArray(source) && !matcherOptions.setInventory)
    matcherOptions.setInventory = await listSetFigures(source as EntityManager);
  const count = Math.max(1, Math.floor(wanted ?? Math.min(2, os.availableParallelism())));
  const data: PoolWorkerData = { entry: ENTRY, catalogue, options: matcherOptions, failOn };

  const queue: Piece[] = [];
  const slots: Slot[] = [];
  let broken: Error | null = null;
  let closing = false;
  let size = 0;

  const breakPool = (error: Error) => {
    if (broken) return;
    broken = error;
    for (const slot of slots) {
      slot.busy?.fail(error);
      slot.busy = null;
    }
    for (const piece of queue.splice(0)) piece.fail(error);
    for (const slot of slots) void slot.worker.terminate();
  };
  const dispatch = () => {
    for (const slot of slots) {
      if (slot.busy || queue.length === 0) continue;
      const piece = queue.shift() as Piece;
      slot.busy = piece;
      slot.worker.postMessage({ titles: piece.titles } satisfies PoolRequest);
    }
  };

  const ready = Array.from({ length: count }, (_, n) => {
    const worker = new Worker(SHIM, { workerData: { ...data } });
    const slot: Slot = { worker, busy: null };
    slots.push(slot);
    return new Promise<void>((resolve, reject) => {
      worker.on('message', (message: PoolResponse) => {
        if (message.type === 'ready') {
          size = message.size;
          return resolve();
        }
        const piece = slot.busy;
        slot.busy = null;
        if (message.type === 'results') piece?.done(message.results);
        else piece?.fail(new Error(`the title matcher failed: ${message.message}`));
        dispatch();
      });
      worker.on('error', (err) => {
        const error = new Error(`matcher worker ${n + 1} of ${count} crashed: ${err.message}`, {
          cause: err,
        });
        reject(error);
        breakPool(error);
      });
      worker.on('exit', (code) => {
        const error = new Error(`matcher worker ${n + 1} of ${count} exited (code ${code})`);
        reject(error);
        if (!closing) breakPool(error);
      });
    });
  });
  try {
    await Promise.all(ready);
  } catch (err) {
    breakPool(err as Error);
    throw err;
  }

  return {
    size,
    threshold,
    workers: count,
    startupMs: performance.now() - started,
    failure: () => broken,
    async match(titles) {
      if (broken) throw broken;
      if (closing) throw new Error('the matcher pool is closed');
      const distinct = [...new Set(titles)];
      const pieces: Promise<MatchResult[]>[] = [];
      for (let i = 0; i < distinct.length; i += PIECE) {
        const piece = distinct.slice(i, i + PIECE);
        pieces.push(new Promise((done, fail) => queue.push({ titles: piece, done, fail })));
      }
      dispatch();
      const byTitle = new Map<string, MatchResult>();
      for (const [p, results] of (await Promise.all(pieces)).entries())
        for (const [j, r] of results.entries()) byTitle.set(distinct[p * PIECE + j] as string, r);
      return titles.map((t) => byTitle.get(t) as MatchResult);
    },
    async close() {
      if (closing) return;
      closing = true;
      const error = new Error('the matcher pool was closed');
      for (const piece of queue.splice(0)) piece.fail(error);
      for (const slot of slots) slot.busy?.fail(error);
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
