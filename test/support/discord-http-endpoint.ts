import { pino } from 'pino';
import { commands } from '../../commands/index.js';
import {
  createInteractionsEndpoint,
  DISCORD_INTERACTIONS_PATH,
} from '../../src/adapters/discord/http/endpoint.js';
import { createDispatcher } from '../../src/core/dispatch.js';
import type { Deps } from '../../src/deps.js';
import { serverPort } from '../../src/http/health.js';
import { startHttpServer } from '../../src/http/server.js';
import type { FakeDiscord } from './fakes/fake-discord.js';

export interface DiscordHttpEndpoint {
  /** Where `fake.postInteraction` sends its signed interactions. */
  url: string;
  close(): Promise<void>;
}

/**
 * The real Discord interactions endpoint (POST /discord/interactions on the service's HTTP server)
 * for `fake`, with the real dispatcher running the real commands over `deps`.
 */
export async function startDiscordHttpEndpoint(
  fake: FakeDiscord,
  deps: () => Deps,
  opts: { answerAtOnceMs?: number; concurrency?: number } = {},
): Promise<DiscordHttpEndpoint> {
  const log = pino({ level: 'silent' });
  const endpoint = createInteractionsEndpoint({
    config: {
      token: fake.token,
      applicationId: fake.applicationId,
      apiUrl: fake.apiUrl,
      publicKey: fake.publicKeyHex,
    },
    dispatcher: createDispatcher({ commands, deps, log }),
    log,
    ...opts,
  });
  const server = await startHttpServer(0, [
    { path: DISCORD_INTERACTIONS_PATH, method: ['POST'], handler: endpoint.handler },
  ]);
  return {
    url: `http://127.0.0.1:${serverPort(server)}${DISCORD_INTERACTIONS_PATH}`,
    close: async () => {
      await endpoint.stop();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
