import { evaluateAlerts } from '../alerts/evaluate.js';
import { defineJob } from './job.js';

/**
 * Every active alert against the current headline prices, in one transaction (src/alerts/evaluate.ts).
 * Runs on its schedule and after each ingestion and snapshot refresh (src/alerts/chain.ts). Exclusive:
 * two evaluations at once would only wait on each other's row locks; the dedupe keys would keep
 * them from notifying twice anyway.
 */
export default defineJob({
  name: 'evaluate-alerts',
  description: 'Compare every active alert with the current prices; queue a message for each crossing',
  exclusive: true,
  async run({ em, config, now }) {
    const result = await evaluateAlerts(em, { now, minConfidence: config.matchConfidenceThreshold });
    return {
      asOf: result.asOf,
      prices: result.prices,
      levelAlerts: result.levels.evaluated,
      fired: result.levels.fired,
      rearmed: result.levels.rearmed,
      inCooldown: result.levels.suppressed,
      dealAlerts: result.deals.alerts,
      deals: result.deals.notified,
      queued: result.levels.notified + result.deals.notified,
    };
  },
});
