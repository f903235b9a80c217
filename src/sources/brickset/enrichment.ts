import { setExitDate } from './set-retail.js';
import type { BricksetSet } from './wire.js';
import { fullSetNumber } from './wire.js';

/**
 * What Brickset adds to a figure's metadata: the sets its `related_sets` name, and whether they are
 * retired. This is the fallback of a figure's retirement (src/sets/figure-retirement.ts): the sets
 * whose fetched inventory holds the figure decide when there are any.
 */
export interface FigureEnrichment {
  brickset: {
    fetched_at: string;
    sets: {
      number: string;
      name: string;
      theme: string;
      year: number;
      launch_date: string | null;
      exit_date: string | null;
      us_retail_price: number | null;
    }[];
  };
  /** Every set containing the figure has left the shelves: the figure can only be had second-hand. */
  retired: boolean;
  /** The last exit date of those sets, when all are retired. */
  retirement_date: string | null;
}

/**
 * A set's exit date is the day it left every market that sold it (setExitDate, as the catalogue's
 * sets have it); a set without one is still on sale, so a figure is retired only when every one of
 * its sets has exited.
 */
export function enrichFigure(
  relatedSets: string[],
  found: Map<string, BricksetSet>,
  now: Date,
): FigureEnrichment | null {
  const sets = relatedSets
    .map((n) => found.get(fullSetNumber(n)))
    .filter((s): s is BricksetSet => s !== undefined);
  if (sets.length === 0) return null;
  const rows = sets.map((s) => ({
    number: `${s.number}-${s.numberVariant}`,
    name: s.name,
    theme: s.theme,
    year: s.year,
    launch_date: day(s.launchDate ?? s.LEGOCom?.US?.dateFirstAvailable),
    exit_date: setExitDate(s),
    us_retail_price: s.LEGOCom?.US?.retailPrice ?? null,
  }));
  const today = now.toISOString().slice(0, 10);
  const retired = rows.every((r) => r.exit_date !== null && r.exit_date <= today);
  return {
    brickset: { fetched_at: now.toISOString(), sets: rows },
    retired,
    retirement_date: retired
      ? (rows
          .map((r) => r.exit_date as string)
          .sort()
          .at(-1) ?? null)
      : null,
  };
}

function day(value: string | null | undefined): string | null {
  return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? value.slice(0, 10) : null;
}
