import type { CatalogueFigure } from './catalogue-index.js';
import type { MatchResult } from './decide.js';
import type { MatcherOptions } from './matcher.js';

/** What a pool worker starts with (structured-cloned into the thread). */
export interface PoolWorkerData {
  /** The entry module the shim imports (file URL). */
  entry: string;
  catalogue: readonly CatalogueFigure[];
  options: MatcherOptions;
  /**
   * Test seam: 'start' fails the worker while it builds its index; a title makes the worker exit
   * abruptly when asked to match it (a crash, not an error it can report), '*' any title.
   */
  failOn?: string;
}

/** A worker serves one request at a time, so answers need no id. */
export interface PoolRequest {
  titles: readonly string[];
}

export type PoolResponse =
  | { type: 'ready'; buildMs: number; size: number }
  | { type: 'results'; results: MatchResult[] }
  | { type: 'failed'; message: string };
