import path from 'node:path';
import { z } from 'zod';

/**
 * A PostgreSQL interval as PRICE_RETENTION accepts it: a whole number and a unit, e.g. '5 years'.
 * Deliberately narrow so that the value can be embedded in SQL and means the same on every server.
 */
export const RETENTION_INTERVAL = /^\d+\s+(days?|weeks?|months?|years?)$/;

/** A usable retention: matches RETENTION_INTERVAL and is longer than zero. */
export function isRetentionInterval(value: string): boolean {
  return RETENTION_INTERVAL.test(value) && Number.parseInt(value, 10) > 0;
}

/**
 * The one place that reads process.env. Everything else receives a parsed Config,
 * so a typo in a variable fails at start-up with a readable message, not deep in a job.
 */
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  TIMESCALEDB: z.enum(['auto', 'off']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PRICE_RETENTION: z
    .string()
    .trim()
    .regex(
      RETENTION_INTERVAL,
      "must be a PostgreSQL interval such as '5 years' (days, weeks, months or years)",
    )
    // '0 days' would make TimescaleDB drop every chunk older than now.
    .refine(isRetentionInterval, 'must be longer than zero')
    .optional(),
});

export type Env = z.infer<typeof schema>;

export interface Config {
  /** Set when an external server is used; otherwise the embedded PostgreSQL is started. */
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  dbPoolMax: number;
  /** 'off' keeps price_listings a plain table even where the extension is installed. */
  timescaledb: 'auto' | 'off';
  logLevel: Env['LOG_LEVEL'];
  /**
   * How long TimescaleDB keeps price_listings chunks (a PostgreSQL interval such as '5 years').
   * Unset means no retention policy: price data is never deleted.
   */
  priceRetention: string | undefined;
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(emptyToUndefined(env));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    dbPoolMax: e.DB_POOL_MAX,
    timescaledb: e.TIMESCALEDB,
    logLevel: e.LOG_LEVEL,
    priceRetention: e.PRICE_RETENTION,
  };
}

/** `FOO=` in a .env or compose file means "not set", not "the empty string". */
function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
}
