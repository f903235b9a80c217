import { defineCommandGroup } from '../src/core/command.js';
import preview from './digest/preview.js';
import subscribe from './digest/subscribe.js';
import unsubscribe from './digest/unsubscribe.js';

/** A channel's daily market digest: movers, new lows, most listed. Admin-only. */
export default defineCommandGroup({
  name: 'digest',
  description: "A channel's daily market digest (channel admins)",
  subcommands: [subscribe, unsubscribe, preview],
});
