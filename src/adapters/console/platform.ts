import type { ChatPlatform } from '../platform.js';

/** The terminal chat of `minifig start` in a terminal: plain text, on the user's own machine. */
export const consolePlatform: ChatPlatform = {
  name: 'console',
  commandPrefix: '',
  adminWording: 'channel admins',
  hasChannels: false,
  confirmsWithButtons: false,
  namedOptions: false,
  readsLocalFiles: true,
  enabled: (ctx) => ctx.terminal !== undefined,
  start: async (ctx) => (await import('./start-platform.js')).startConsolePlatform(ctx),
};
