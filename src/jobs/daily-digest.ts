import { queueDueDigests } from '../alerts/digest.js';
import { analyticsDigestSources } from '../alerts/digest-sources.js';
import { defineJob } from './job.js';

/**
 * Queues the daily digest of every channel whose local digest time has come and that has not had
 * today's yet. It runs every minute by default; the local date in each digest's dedupe key makes
 * any number of runs a day send one digest per channel.
 */
export default defineJob({
  name: 'daily-digest',
  description: "Queue each subscribed channel's daily digest at its local time",
  exclusive: true,
  async run({ em, now }) {
    const run = await queueDueDigests(em, analyticsDigestSources(em), now);
    return { ...run };
  },
});
