import type { Writable } from 'node:stream';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { DiscordAdapter } from '../adapters/discord/index.js';
import type { SendMessage } from '../adapters/slack/index.js';
import type { Config } from '../config.js';
import type { NotificationPlatform } from '../db/repositories/notifications.js';
import { Notifier } from './notifier.js';
import { consolePort, discordPort, slackPort } from './platform-ports.js';
import type { PlatformPort } from './port.js';
import { DEFAULT_RETRY_POLICY } from './retry-policy.js';

export interface NotifierPlatforms {
  discord?: Pick<DiscordAdapter, 'sendMessage'>;
  slack?: { sendMessage: SendMessage };
  /** The console chat's output, where console users' alerts are printed. */
  console?: Writable;
}

/** The notifier for whichever platforms this process runs, started; stop it before the adapters. */
export async function startNotifier(opts: {
  orm: MikroORM;
  config: Config;
  log: Logger;
  platforms: NotifierPlatforms;
}): Promise<Notifier> {
  const ports: Partial<Record<NotificationPlatform, PlatformPort>> = {};
  if (opts.platforms.discord) ports.discord = discordPort(opts.platforms.discord);
  if (opts.platforms.slack) ports.slack = slackPort(opts.platforms.slack.sendMessage);
  if (opts.platforms.console) ports.console = consolePort(opts.platforms.console);
  const notifier = new Notifier({
    orm: opts.orm,
    ports,
    log: opts.log,
    pollMs: opts.config.alerting.notifyPollMs,
    retry: { ...DEFAULT_RETRY_POLICY, maxAttempts: opts.config.alerting.notifyMaxAttempts },
  });
  await notifier.start();
  return notifier;
}
