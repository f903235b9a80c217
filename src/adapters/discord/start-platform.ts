import type { PlatformContext, RunningPlatform } from '../platform.js';
import { createInteractionsEndpoint, DISCORD_INTERACTIONS_PATH } from './http/endpoint.js';
import { startDiscord } from './index.js';
import { discordSend } from './send-message.js';

/**
 * Gateway mode logs in and holds a session; HTTP mode answers POST /discord/interactions on the
 * app's port (added to its routes here, so before the server starts). Both send through REST.
 */
export async function startDiscordPlatform(ctx: PlatformContext): Promise<RunningPlatform> {
  const config = ctx.config.discord;
  if (!config) throw new Error('Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
  if (config.mode !== 'http') {
    return startDiscord({ config, dispatcher: ctx.dispatcher, log: ctx.log });
  }
  const endpoint = createInteractionsEndpoint({
    config: { ...config, publicKey: config.publicKey ?? '' },
    dispatcher: ctx.dispatcher,
    log: ctx.log,
  });
  ctx.routes.push({ path: DISCORD_INTERACTIONS_PATH, method: ['POST'], handler: endpoint.handler });
  return {
    state: () => 'http',
    stop: () => endpoint.stop(),
    send: discordSend(endpoint.rest),
    needsHttp: true,
  };
}
