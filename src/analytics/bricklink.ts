import type { EntityManager } from '@mikro-orm/postgresql';
import { latestGuides, type StoredGuide, upsertGuide } from '../db/repositories/bricklink-guides.js';
import { compareGuide, type GuideComparison, type GuideSummary } from './bricklink-comparison.js';
import { analyseGuide, type BrickLinkGuideInput } from './bricklink-guide.js';

/**
 * Keeps one fetched BrickLink price guide: its reported summary as BrickLink sent it, ours over the
 * same `price_detail` entries with the same definitions (bricklink-guide.ts), and the entries. Call it
 * once per guide answer (item, condition, sold or stock); a second call for the same UTC day replaces
 * the first. Returns the comparison, which `compareGuide` also makes later from what
 * `brickLinkGuides` reads back.
 */
export async function recordBrickLinkGuide(
  em: EntityManager,
  input: BrickLinkGuideInput,
): Promise<GuideComparison> {
  const { entries, analysis } = analyseGuide(input);
  await upsertGuide(em, { ...input, ours: analysis.all, analysis, entries });
  return compareGuide({ ...input, analysis });
}

/**
 * The latest stored guide of each condition and guide type of one figure: BrickLink's reported
 * figures and our analysis of the same entries. Empty when none was fetched.
 */
export async function brickLinkGuides(
  em: EntityManager,
  figure: { minifigureId: string } | { itemNo: string },
): Promise<GuideSummary[]> {
  return (await latestGuides(em, figure)).map(guideSummary);
}

/** What the chat shows of a stored guide. */
export function guideSummary(g: StoredGuide): GuideSummary {
  return {
    itemNo: g.itemNo,
    condition: g.condition,
    guideType: g.guideType,
    currency: g.currency,
    fetchedAt: g.fetchedAt,
    reported: g.reported,
    analysis: g.analysis,
  };
}
