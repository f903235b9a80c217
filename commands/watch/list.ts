import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand } from '../../src/core/command.js';
import { watchListReply } from '../../src/replies/watchlist.js';

export default defineCommand({
  name: 'list',
  description: 'The figures you watch',
  private: true,
  examples: ['watch list'],
  async run({ deps, context }) {
    const store = alertingOf(deps);
    return watchListReply(await store.listWatch(callerOf(context)), store.watchlistLimit);
  },
});
