/**
 * The discord.js wiring: one Client for the gateway (interactions arrive over it) and its REST
 * manager for everything we send. `DISCORD_API_URL` (config.discord.apiUrl) replaces the REST base;
 * discord.js then asks that base for `GET /gateway/bot` and connects to the gateway URL it returns,
 * which is how the end-to-end tests point the real client at a fake Discord on 127.0.0.1.
 */
import { Client, Events, GatewayIntentBits, REST, type RESTOptions } from 'discord.js';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { leanFetch } from '../../http/lean-fetch.js';

type FullDiscordConfig = NonNullable<Config['discord']>;
/** What the adapter needs: the mode and sharding default to one gateway session for every shard. */
export type DiscordConfig = Omit<FullDiscordConfig, 'mode' | 'shardCount'> &
  Partial<Pick<FullDiscordConfig, 'mode' | 'shardCount'>>;

/** What the adapter reports to /healthz. */
export type DiscordState = 'starting' | 'ready' | 'reconnecting' | 'stopped' | 'failed';

/** One kept-alive HTTP client for every REST manager of the process (see http/lean-fetch.ts). */
const makeRequest = leanFetch() as unknown as RESTOptions['makeRequest'];

/**
 * REST settings: the API base (DISCORD_API_URL), and requests through node:http with kept-alive
 * connections rather than undici, for the reason Slack's posts go that way (http/lean-fetch.ts).
 * Multipart bodies (charts) still go through fetch.
 */
export function restOptions(config: Pick<DiscordConfig, 'apiUrl'>): Partial<RESTOptions> {
  return { makeRequest, ...(config.apiUrl ? { api: config.apiUrl.replace(/\/+$/, '') } : {}) };
}

/** A REST client on its own, for work without the gateway (command registration). */
export function createRest(config: Pick<DiscordConfig, 'token' | 'apiUrl'>): REST {
  return new REST(restOptions(config)).setToken(config.token);
}

/**
 * The gateway client. Slash commands, autocomplete and buttons need no privileged intent; `Guilds`
 * is the smallest intent set that keeps discord.js's guild and channel caches meaningful.
 *
 * Sharding: Discord sends a guild's events to shard (guild_id >> 22) % total. With a fixed total
 * (DISCORD_SHARDS) a replica runs the shards in DISCORD_SHARD_IDS, or all of them; with 'auto'
 * one process runs the count Discord recommends (GET /gateway/bot).
 */
export function createClient(config: Pick<DiscordConfig, 'apiUrl' | 'shardCount' | 'shardIds'>): Client {
  const count = config.shardCount ?? 'auto';
  const sharding =
    count === 'auto'
      ? { shards: 'auto' as const }
      : { shards: config.shardIds ?? Array.from({ length: count }, (_, id) => id), shardCount: count };
  return new Client({ intents: [GatewayIntentBits.Guilds], rest: restOptions(config), ...sharding });
}

/**
 * Follows the client's connection state and forwards its diagnostics to our logger (debug output
 * at trace level: it is chatty and can quote gateway URLs, never the token).
 */
export function trackState(
  client: Client,
  log: Logger,
): { state(): DiscordState; set(state: DiscordState): void } {
  let state: DiscordState = 'starting';
  client.on(Events.ClientReady, (ready) => {
    state = 'ready';
    log.info({ user: ready.user.tag, applicationId: ready.application.id }, 'discord connected');
  });
  client.on(Events.ShardReconnecting, () => {
    state = 'reconnecting';
    log.warn('discord gateway reconnecting');
  });
  client.on(Events.ShardResume, () => {
    state = 'ready';
  });
  client.on(Events.ShardReady, () => {
    state = 'ready';
  });
  client.on(Events.ShardDisconnect, (event) => {
    if (state === 'stopped') return;
    state = 'failed';
    log.error({ code: event.code }, 'discord gateway closed and will not reconnect');
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));
  client.on(Events.Debug, (message) => log.trace({ message }, 'discord debug'));
  return {
    state: () => state,
    set: (next) => {
      state = next;
    },
  };
}
