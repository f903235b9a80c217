import { runBrickLink } from '../sources/bricklink/source.js';
import { defineJob } from './job.js';

/**
 * The bricklink job's frequent little sibling: only the set inventories somebody asked for in chat
 * ("inventory being fetched, try again in a few minutes"), against the same daily quota. It takes
 * the bricklink job's lock, so the two never spend the quota at once (while the hourly run works,
 * which fetches asked-for sets first too, this one skips).
 */
export default defineJob({
  name: 'bricklink-sets',
  description: 'Fetch the BrickLink set inventories asked for in chat, within minutes',
  exclusive: true,
  lock: 'bricklink',
  run: (ctx) => runBrickLink(ctx, { askedSetsOnly: true }),
});
