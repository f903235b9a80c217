import type { ChatPlatform } from '../platform.js';

/** Discord: slash commands over the gateway, or over HTTP on the app's port (DISCORD_MODE=http). */
export const discordPlatform: ChatPlatform = {
  name: 'discord',
  commandPrefix: '/',
  adminWording: 'people with the Manage Channels permission in this channel',
  hasChannels: true,
  confirmsWithButtons: true,
  namedOptions: true,
  readsLocalFiles: false,
  enabled: (ctx) => ctx.config.discord !== undefined,
  // discord.js takes a while to load; only a process that runs Discord pays for it.
  start: async (ctx) => (await import('./start-platform.js')).startDiscordPlatform(ctx),
};
