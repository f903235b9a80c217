import { alertingOf, channelOf, requireAdmin } from '../../src/alerts/caller.js';
import { defineCommand } from '../../src/core/command.js';
import { unsubscribedReply } from '../../src/replies/digest-settings.js';

export default defineCommand({
  name: 'unsubscribe',
  description: 'Stop the daily digest in this channel (channel admins)',
  examples: ['digest unsubscribe'],
  async run({ deps, context }) {
    const store = alertingOf(deps);
    const channel = channelOf(context, 'digest unsubscribe');
    requireAdmin(context, 'unsubscribe a channel from the daily digest');
    return unsubscribedReply(await store.unsubscribe(channel));
  },
});
