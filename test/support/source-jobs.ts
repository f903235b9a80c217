import { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type Bottleneck from 'bottleneck';
import { type Logger, pino } from 'pino';
import { type Config, loadConfig } from '../../src/config.js';
import type { JobContext } from '../../src/jobs/job.js';
import { createLimiter } from '../../src/sources/http.js';

export const BL_CREDENTIALS = {
  consumerKey: 'C0NSUMER-KEY',
  consumerSecret: 'consumer-secret/+=',
  token: 'ACCESS-T0KEN',
  tokenSecret: 'token&secret',
};
export const EBAY_CREDENTIALS = {
  clientId: 'Minifig-stonks-PRD-0a1b2c3d',
  clientSecret: 'PRD-secret-9f8e7d6c',
};

/** Configuration pointing both sources at fakes, with a short request timeout. */
export function sourceConfig(
  urls: { bricklink?: string; ebay?: string },
  extra: NodeJS.ProcessEnv = {},
): Config {
  return loadConfig({
    HTTP_TIMEOUT_MS: '1000',
    ...(urls.bricklink
      ? {
          BRICKLINK_API_URL: urls.bricklink,
          BRICKLINK_CONSUMER_KEY: BL_CREDENTIALS.consumerKey,
          BRICKLINK_CONSUMER_SECRET: BL_CREDENTIALS.consumerSecret,
          BRICKLINK_TOKEN: BL_CREDENTIALS.token,
          BRICKLINK_TOKEN_SECRET: BL_CREDENTIALS.tokenSecret,
        }
      : {}),
    ...(urls.ebay
      ? {
          EBAY_API_URL: urls.ebay,
          EBAY_CLIENT_ID: EBAY_CREDENTIALS.clientId,
          EBAY_CLIENT_SECRET: EBAY_CREDENTIALS.clientSecret,
        }
      : {}),
    ...extra,
  });
}

/** A logger whose lines the test can read. */
export function captureLog(): { log: Logger; lines: { level: number; msg: string; [k: string]: unknown }[] } {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

export function jobContext(orm: MikroORM, config: Config, now: Date, log: Logger): JobContext {
  return { em: orm.em.fork(), config, log, signal: new AbortController().signal, now };
}

/** Fast retries for tests: the same policy, without seconds of backoff. */
export const QUICK_RETRY = { retries: 2, minBackoffMs: 1, maxBackoffMs: 5 };

/** Job options for tests: quick retries and no pacing between requests (the fakes do not mind). */
export function quick(): { retry: typeof QUICK_RETRY; limiter: Bottleneck } {
  return { retry: QUICK_RETRY, limiter: createLimiter({ maxConcurrent: 4, minTimeMs: 0 }) };
}
