import type { EntityManager } from '@mikro-orm/postgresql';
import {
  catalogueThemes,
  type FetchState,
  fetchStates,
  wantedFigures,
} from '../../db/repositories/fetch-state.js';

/**
 * What the eBay job searches, kept deliberately simple:
 *  1. one query per watched or alerted figure: "lego " and the first part of its name (sellers
 *     write "Boba Fett", not BrickLink's "Boba Fett - Classic Grays, Cloud City"), every 3 hours;
 *  2. one sweep per catalogue theme, "lego <theme> minifigure", every 6 hours, largest theme
 *     first.
 * Searches are sorted newest first, so each sweep picks up what was listed since the last one
 * within its 5 pages (1,000 listings). A query is due again its period after a success, or after
 * a failure 15 minutes doubled per consecutive failure. At 208 calls per hourly run the daily
 * 5,000-call quota is never exceeded; the matcher decides which figure each title is.
 */
export const EBAY_PLAN = {
  wantedEveryHours: 3,
  themesEveryHours: 6,
  retryFailedAfterMinutes: 15,
  maxPagesPerQuery: 5,
};

export interface EbayQuery {
  /** The query text, which is also its key in source_fetch_state. */
  q: string;
  wanted: boolean;
}

export function figureQuery(name: string): string {
  const head = name.split(/ - |,|\(/)[0]?.trim() || name;
  return `lego ${head}`.toLowerCase();
}

export function themeQuery(theme: string): string {
  return `lego ${theme} minifigure`.toLowerCase();
}

/** The queries due now, wanted first, each group by how long it has been due (never-run first). */
export async function planEbayQueries(em: EntityManager, sourceId: number, now: Date): Promise<EbayQuery[]> {
  const wanted = [...new Set((await wantedFigures(em)).map((f) => figureQuery(f.name)))];
  const themes = (await catalogueThemes(em))
    .map((t) => themeQuery(t.theme))
    .filter((q) => !wanted.includes(q));
  const states = await fetchStates(em, sourceId, [...wanted, ...themes]);
  const due = (qs: string[], everyHours: number, isWanted: boolean) =>
    qs
      .map((q) => ({ q, wanted: isWanted, dueAt: dueAt(states.get(q), everyHours) }))
      .filter((c) => c.dueAt <= now.getTime())
      .sort((a, b) => a.dueAt - b.dueAt);
  return [
    ...due(wanted, EBAY_PLAN.wantedEveryHours, true),
    ...due(themes, EBAY_PLAN.themesEveryHours, false),
  ].map(({ q, wanted: w }) => ({ q, wanted: w }));
}

function dueAt(state: FetchState | undefined, everyHours: number): number {
  if (!state) return Number.NEGATIVE_INFINITY;
  const period = everyHours * 3_600_000;
  const wait =
    state.consecutiveFailures > 0
      ? Math.min(
          period,
          EBAY_PLAN.retryFailedAfterMinutes * 60_000 * 2 ** Math.min(state.consecutiveFailures - 1, 16),
        )
      : period;
  return state.lastAttemptAt.getTime() + wait;
}
