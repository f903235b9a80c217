/**
 * POST /discord/interactions: Discord's HTTP interactions, for DISCORD_MODE=http. No gateway
 * session, no state between requests: any number of replicas behind a load balancer can answer.
 * Unsigned, mis-signed or stale requests get a 401 (Discord itself checks that endpoints do this).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { Dispatcher } from '../../../core/dispatch.js';
import { limiter, REPLY_CONCURRENCY } from '../../../core/limiter.js';
import { readBody } from '../../../http/read-body.js';
import { createRest } from '../client.js';
import { answerInteraction } from './answer.js';
import { isSignedByDiscord, publicKeyFromHex } from './verify.js';

export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';
/** Interactions are small; anything larger is not from Discord. */
const MAX_BODY_BYTES = 1_000_000;

export interface InteractionsEndpoint {
  handler(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Lets follow-ups in progress finish (up to drainMs). */
  stop(): Promise<void>;
  /** Posts alerts and digests (the notifier's Discord port) over the same REST client. */
  readonly rest: ReturnType<typeof createRest>;
}

export function createInteractionsEndpoint(opts: {
  config: { token: string; applicationId: string; apiUrl?: string; publicKey: string };
  dispatcher: Dispatcher;
  log: Logger;
  drainMs?: number;
  /** Replies worked on at once; more wait in line after their deferral. */
  concurrency?: number;
  /** Replies ready within this are the HTTP response itself (default ANSWER_AT_ONCE_MS). */
  answerAtOnceMs?: number;
  now?: () => number;
}): InteractionsEndpoint {
  const key = publicKeyFromHex(opts.config.publicKey);
  const rest = createRest(opts.config);
  const log = opts.log.child({ adapter: 'discord-http' });
  const inFlight = new Set<Promise<void>>();
  let answering = 0;
  // More on hand than twice the reply slots: answers would queue, so everything defers at once.
  const busyAt = 2 * (opts.concurrency ?? REPLY_CONCURRENCY);
  const now = opts.now ?? Date.now;
  // Dispatches wait their turn here; a deferral never does (see core/limiter.ts and answer.ts).
  const limit = limiter(opts.concurrency ?? REPLY_CONCURRENCY);

  return {
    rest,
    async handler(req, res) {
      let body: Buffer;
      try {
        body = await readBody(req, MAX_BODY_BYTES);
      } catch {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('request too large');
        return;
      }
      if (!isSignedByDiscord(key, req.headers, body, now())) {
        res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature');
        return;
      }
      let payload: APIInteraction;
      try {
        payload = JSON.parse(body.toString('utf8')) as APIInteraction;
      } catch {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('the body is not JSON');
        return;
      }
      answering++;
      const answer = await answerInteraction(payload, {
        dispatcher: opts.dispatcher,
        log,
        rest,
        applicationId: opts.config.applicationId,
        limit,
        busy: () => !limit.hasRoom || answering + inFlight.size > busyAt,
        ...(opts.answerAtOnceMs === undefined ? {} : { answerAtOnceMs: opts.answerAtOnceMs }),
      }).finally(() => answering--);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer.response));
      if (!answer.followUp) return;
      const work = answer
        .followUp()
        .catch((err: unknown) => log.error({ err, interaction: payload.id }, 'discord interaction failed'))
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },
    async stop() {
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => setTimeout(resolve, opts.drainMs ?? 5000).unref()),
      ]);
    },
  };
}
