import type { ChatPlatform } from '../platform.js';

/** Slack: /minifig, mentions, DMs and buttons through Bolt, which serves the app's HTTP port. */
export const slackPlatform: ChatPlatform = {
  name: 'slack',
  commandPrefix: '/minifig ',
  adminWording: 'workspace admins and the admins configured for this bot',
  hasChannels: true,
  confirmsWithButtons: true,
  namedOptions: false,
  readsLocalFiles: false,
  servesHttp: true,
  enabled: (ctx) => ctx.config.slack !== undefined,
  // Bolt takes a while to load; only a process that runs Slack pays for it.
  start: async (ctx) => (await import('./start-platform.js')).startSlackPlatform(ctx),
};
