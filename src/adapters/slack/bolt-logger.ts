import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Bolt's and the Web API client's logger, writing to pino. Their debug output is dropped on purpose:
 * Bolt logs whole request bodies there (user text, the legacy verification token), and our logs
 * never carry secrets. Their info, warn and error lines go to pino under `component: "slack"`.
 */
export function boltLogger(log: Logger): SlackLogger {
  const child = log.child({ component: 'slack' });
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : describe(m))).join(' ');
  return {
    debug: () => {},
    info: (...msg: unknown[]) => child.info(line(msg)),
    warn: (...msg: unknown[]) => child.warn(line(msg)),
    error: (...msg: unknown[]) => child.error(line(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}

/** Errors by name and message only; other objects are not serialised (they may hold request bodies). */
function describe(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : `[${typeof value}]`;
}
