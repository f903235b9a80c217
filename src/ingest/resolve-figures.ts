import type { EntityManager } from '@mikro-orm/postgresql';
import { figureIdsByItemNo } from '../db/repositories/figure-ids.js';
import type { ConversionResult } from './currency.js';
import type { TitleMatch, TitleMatcher } from './types.js';
import type { CheckedListing } from './validate.js';

export interface Converted {
  listing: CheckedListing;
  conversion: Extract<ConversionResult, { ok: true }>;
}

export type Resolution =
  | { kind: 'matched'; minifigureId: string; confidence: string }
  /** Kept for review, never forced onto a figure. */
  | { kind: 'unmatched'; reason: string; match: TitleMatch | null }
  /** The matcher failed for this title: not stored, so the next run tries again. */
  | { kind: 'skipped' };

/**
 * Gets ready to put listings on catalogue figures, with everything looked up once: a listing that
 * names its item number (BrickLink) is looked up directly; the others' titles go to the matcher
 * in one call (each distinct title once); all item numbers are resolved in one query. A matcher
 * failure costs only the listings that needed it: they are reported through `onMatcherError` and
 * resolve as skipped. Returns the per-listing decision, cheap enough to call chunk by chunk.
 */
export async function prepareFigureResolver(
  em: EntityManager,
  converted: Converted[],
  matcher: TitleMatcher | undefined,
  onMatcherError: (listings: number, error: unknown) => void,
): Promise<(c: Converted) => Resolution> {
  const byTitle = new Map<string, TitleMatch | null>();
  for (const c of converted) if (!c.listing.itemNo && c.listing.title) byTitle.set(c.listing.title, null);
  let matcherFailed = false;
  if (byTitle.size > 0 && matcher) {
    const titles = [...byTitle.keys()];
    try {
      const results = await matcher(titles);
      if (results.length !== titles.length) {
        throw new Error(`the matcher returned ${results.length} results for ${titles.length} titles`);
      }
      for (const [i, t] of titles.entries()) byTitle.set(t, results[i] as TitleMatch);
    } catch (error) {
      matcherFailed = true;
      onMatcherError(converted.filter((c) => !c.listing.itemNo).length, error);
    }
  }

  const itemNos = new Set<string>();
  for (const c of converted) if (c.listing.itemNo) itemNos.add(c.listing.itemNo);
  for (const m of byTitle.values()) if (m?.itemNo) itemNos.add(m.itemNo);
  const figures = await figureIdsByItemNo(em, itemNos);

  return ({ listing }) =>
    resolveListing(
      listing,
      figures,
      matcherFailed ? 'failed' : (byTitle.get(listing.title as string) ?? null),
      !!matcher,
    );
}

/** The figures resolution needs, by lower-case item number. */
export type FigureIds = ReadonlyMap<string, { id: string }>;

/**
 * One listing's figure: by its item number, else by what the matcher said of its title ('failed':
 * the matcher failed for it, so it is not stored and the next run tries again).
 */
export function resolveListing(
  listing: CheckedListing,
  figures: FigureIds,
  match: TitleMatch | null | 'failed',
  hasMatcher: boolean,
): Resolution {
  if (listing.itemNo) {
    const fig = figures.get(listing.itemNo.toLowerCase());
    return fig
      ? { kind: 'matched', minifigureId: fig.id, confidence: '1.000' }
      : { kind: 'unmatched', reason: `item number ${listing.itemNo} is not in the catalogue`, match: null };
  }
  if (match === 'failed') return { kind: 'skipped' };
  if (!hasMatcher || !match)
    return { kind: 'unmatched', reason: 'no matcher was available for this title', match: null };
  if (!match.itemNo) {
    const why = match.reason ? ` (${match.reason})` : '';
    return { kind: 'unmatched', reason: `no catalogue figure matched the title confidently${why}`, match };
  }
  const fig = figures.get(match.itemNo.toLowerCase());
  return fig
    ? { kind: 'matched', minifigureId: fig.id, confidence: confidence3(match.confidence) }
    : { kind: 'unmatched', reason: `matched ${match.itemNo}, which is not in the catalogue`, match };
}

/** confidence_score is numeric(4, 3) between 0 and 1. */
export function confidence3(value: number): string {
  const clamped = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  return clamped.toFixed(3);
}
