import type { EntityManager } from '@mikro-orm/postgresql';
import { figureIdsByItemNo } from '../db/repositories/figure-ids.js';
import type { ConversionResult } from './currency.js';
import type { TitleMatch, TitleMatcher } from './types.js';
import type { CheckedListing } from './validate.js';

export interface Converted {
  listing: CheckedListing;
  conversion: Extract<ConversionResult, { ok: true }>;
}

export interface Resolved {
  matched: (Converted & { minifigureId: string; confidence: string })[];
  /** Kept for review, never forced onto a figure. */
  unmatched: (Converted & { reason: string; match: TitleMatch | null })[];
}

/**
 * Puts listings on catalogue figures. A listing that names its item number (BrickLink) is looked up
 * directly; the others' titles go to the matcher in one call (each distinct title once). All item
 * numbers are then resolved in one query. A matcher failure costs only the listings that needed it:
 * they are reported through `onMatcherError` and left out, so the next run retries them.
 */
export async function resolveFigures(
  em: EntityManager,
  converted: Converted[],
  matcher: TitleMatcher | undefined,
  onMatcherError: (listings: number, error: unknown) => void,
): Promise<Resolved> {
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

  const out: Resolved = { matched: [], unmatched: [] };
  for (const c of converted) {
    const { itemNo, title } = c.listing;
    if (itemNo) {
      const fig = figures.get(itemNo.toLowerCase());
      if (fig) out.matched.push({ ...c, minifigureId: fig.id, confidence: '1.000' });
      else out.unmatched.push({ ...c, reason: `item number ${itemNo} is not in the catalogue`, match: null });
      continue;
    }
    if (matcherFailed) continue;
    const match = byTitle.get(title as string) ?? null;
    if (!matcher || !match) {
      out.unmatched.push({ ...c, reason: 'no matcher was available for this title', match: null });
    } else if (!match.itemNo) {
      const why = match.reason ? ` (${match.reason})` : '';
      out.unmatched.push({ ...c, reason: `no catalogue figure matched the title confidently${why}`, match });
    } else {
      const fig = figures.get(match.itemNo.toLowerCase());
      if (fig) out.matched.push({ ...c, minifigureId: fig.id, confidence: confidence3(match.confidence) });
      else
        out.unmatched.push({ ...c, reason: `matched ${match.itemNo}, which is not in the catalogue`, match });
    }
  }
  return out;
}

/** confidence_score is numeric(4, 3) between 0 and 1. */
export function confidence3(value: number): string {
  const clamped = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
  return clamped.toFixed(3);
}
