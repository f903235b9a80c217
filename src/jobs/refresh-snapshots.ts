import { refreshSnapshots } from '../analytics/refresh.js';
import { defineJob } from './job.js';

/**
 * Rolls listings ingested or superseded since the last run up into price_snapshots, the headline
 * prices and the 90-day lows (src/analytics/refresh.ts). Exclusive: two refreshes at once would do
 * the same work twice and race on the bookkeeping row.
 */
export default defineJob({
  name: 'refresh-snapshots',
  description: 'Roll new and superseded listings up into daily snapshots, headline prices and 90-day lows',
  exclusive: true,
  async run(ctx) {
    const summary = await refreshSnapshots(ctx.em, {
      minConfidence: ctx.config.matchConfidenceThreshold,
      now: ctx.now,
      signal: ctx.signal,
    });
    return { ...summary };
  },
});
