import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { Notifier } from './notifier.js';
import type { PlatformPort } from './port.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

/**
 * The notifier for the platforms this process runs (by name, each its `send`), started; stop it
 * before the platforms.
 */
export async function startNotifier(opts: {
  orm: MikroORM;
  config: Config;
  log: Logger;
  ports: Record<string, PlatformPort>;
}): Promise<Notifier> {
  const notifier = new Notifier({
    orm: opts.orm,
    ports: opts.ports,
    log: opts.log,
    pollMs: opts.config.alerting.notifyPollMs,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: opts.config.alerting.notifyMaxAttempts },
  });
  await notifier.start();
  return notifier;
}
