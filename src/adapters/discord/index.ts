/**
 * The Discord adapter as main.ts sees it: `startDiscord` logs in and routes interactions into the
 * dispatcher; `stop` lets running interactions finish (briefly) and disconnects. `send` posts a
 * Reply to a channel or DM for the notifier (the platform port's signature).
 */
import { Events } from 'discord.js';
import type { Logger } from 'pino';
import type { Dispatcher } from '../../core/dispatch.js';
import { log as rootLog } from '../../log.js';
import type { PlatformSend } from '../../notifier/port.js';
import { createClient, type DiscordConfig, type DiscordState, trackState } from './client.js';
import { handleInteraction } from './interactions.js';
import { discordSend } from './send-message.js';

export type { DiscordConfig, DiscordState } from './client.js';
export { createRest } from './client.js';
export { commandsJson, registerCommands } from './register.js';
export { render as renderDiscord } from './render.js';
export {
  type DiscordTarget,
  discordNonce,
  discordSend,
  type SentMessage,
  sendMessage,
} from './send-message.js';

export interface DiscordAdapter {
  state(): DiscordState;
  /** Posts `reply` with the client's REST manager (see send-message.ts). */
  send: PlatformSend;
  stop(): Promise<void>;
}

export interface StartDiscordOptions {
  config: DiscordConfig;
  dispatcher: Dispatcher;
  log?: Logger;
  /** How long `stop` waits for interactions in progress (default 5 s). */
  drainMs?: number;
  /** Replies ready within this answer at once; slower ones are deferred first (default ANSWER_AT_ONCE_MS). */
  answerAtOnceMs?: number;
}

/** Resolves once logged in to the gateway; rejects when login fails (bad token, Discord unreachable). */
export async function startDiscord(opts: StartDiscordOptions): Promise<DiscordAdapter> {
  const log = (opts.log ?? rootLog).child({ adapter: 'discord' });
  const client = createClient(opts.config);
  const tracker = trackState(client, log);
  const inFlight = new Set<Promise<void>>();

  client.on(Events.InteractionCreate, (interaction) => {
    const work = handleInteraction(interaction, {
      dispatcher: opts.dispatcher,
      log,
      answerAtOnceMs: opts.answerAtOnceMs,
    })
      .catch((err) => log.error({ err, interaction: interaction.id }, 'discord interaction failed'))
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
  });

  try {
    await client.login(opts.config.token);
  } catch (err) {
    tracker.set('failed');
    await client.destroy();
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`Discord login failed: ${reason}`);
  }

  return {
    state: tracker.state,
    send: discordSend(client.rest),
    async stop() {
      if (tracker.state() === 'stopped') return;
      tracker.set('stopped');
      const drained = Promise.allSettled([...inFlight]);
      await Promise.race([
        drained,
        new Promise((resolve) => setTimeout(resolve, opts.drainMs ?? 5000).unref()),
      ]);
      await client.destroy();
      log.info('discord disconnected');
    },
  };
}
