import type { EntityManager } from '@mikro-orm/postgresql';
import { evaluateLevelAlerts, type LevelEvaluation } from '../db/repositories/alert-evaluation.js';
import { loadAlertPrices } from '../db/repositories/alert-prices.js';
import { type DealEvaluation, evaluateDealAlerts } from '../db/repositories/deal-evaluation.js';

export interface AlertEvaluation {
  /** Figure and condition pairs with a headline price that alerts were compared with. */
  prices: number;
  /** The as-of day of those headlines (the latest the snapshot refresh completed), or null before any refresh. */
  asOf: string | null;
  levels: LevelEvaluation;
  deals: DealEvaluation;
}

/**
 * One evaluation of every active alert, in one transaction: the stored headline prices of the
 * latest refresh are read once into a temporary table, then one statement handles all level alerts and one all deal alerts. Each
 * firing's state change, history row and outbox row commit together, so a crash at any point
 * leaves either all of them or none; the notifier (woken by the outbox trigger) delivers them.
 */
export async function evaluateAlerts(
  em: EntityManager,
  opts: { now: Date; minConfidence: number },
): Promise<AlertEvaluation> {
  return em.transactional(async (tx) => {
    const { pairs, asOf } = await loadAlertPrices(tx);
    const levels = await evaluateLevelAlerts(tx, opts.now);
    const deals = await evaluateDealAlerts(tx, opts.now, opts.minConfidence);
    return { prices: pairs, asOf, levels, deals };
  });
}
