import type { EntityManager } from '@mikro-orm/postgresql';
import { latestGuides, upsertGuide } from '../db/repositories/bricklink-guides.js';
import { compareGuide, type GuideComparison } from './bricklink-comparison.js';
import { analyseGuide, type BrickLinkGuideInput } from './bricklink-guide.js';

/**
 * Keeps one fetched BrickLink price guide: its reported summary as BrickLink sent it, ours over the
 * same `price_detail` entries with the same definitions (bricklink-guide.ts), and the entries. Call it
 * once per guide answer (item, condition, sold or stock); a second call for the same UTC day replaces
 * the first. Returns the comparison, which is also what `brickLinkComparison` returns later.
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
 * BrickLink's reported figures beside ours for one figure: the latest stored guide of each
 * condition and guide type, each line with its difference explained. Empty when none was fetched.
 */
export async function brickLinkComparison(
  em: EntityManager,
  figure: { minifigureId: string } | { itemNo: string },
): Promise<GuideComparison[]> {
  const guides = await latestGuides(em, figure);
  return guides.map((g) =>
    compareGuide({
      itemNo: g.itemNo,
      condition: g.condition,
      guideType: g.guideType,
      currency: g.currency,
      fetchedAt: g.fetchedAt,
      reported: g.reported,
      analysis: g.analysis,
    }),
  );
}
