import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { commands } from '../commands/index.js';
import type { ReadCache } from './cache/until-changed.js';
import type { Config } from './config.js';
import { createDispatcher, type Dispatcher } from './core/dispatch.js';
import { createDepsFactory } from './create-deps.js';

/**
 * The one dispatcher of a process, on its configuration: every platform (Discord, Slack, the
 * console) answers through it, with the same limits (ALERTS_PER_USER) and the same demo label.
 */
export function appDispatcher(
  orm: MikroORM,
  config: Config,
  log: Logger,
  opts: { demoData: () => boolean; now?: () => Date; readOrm?: MikroORM; readCache?: ReadCache },
): Dispatcher {
  const deps = createDepsFactory(orm, {
    readOrm: opts.readOrm,
    readCache: opts.readCache,
    demoData: opts.demoData,
    minConfidence: config.matchConfidenceThreshold,
    now: opts.now,
    alertsPerUser: config.alerting.alertsPerUser,
    alertCheckSchedule: config.schedules['evaluate-alerts'],
    fetchesSetInventories: Boolean(config.sources.bricklink.credentials),
  });
  // Build the caches (themes, item numbers) before the first user asks; a failure is retried on use.
  deps.warm().catch((err: unknown) => log.warn({ err }, 'could not warm the chat caches'));
  return createDispatcher({ commands, deps, log });
}
