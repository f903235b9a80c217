import path from 'node:path';
import { z } from 'zod';
import { secret, url } from './config-fields.js';
import { JOB_LIST, type JobName, type JobSpec, scheduleVariable } from './jobs/job-list.js';
import { parseSchedule } from './jobs/schedule-text.js';
import { redactValues } from './log.js';
import type { SourceSettings } from './sources/source.js';

export type { JobName } from './jobs/job-list.js';

/**
 * A PostgreSQL interval as PRICE_RETENTION accepts it: a whole number and a unit, e.g. '5 years'.
 * Deliberately narrow so that the value can be embedded in SQL and means the same on every server.
 */
export const RETENTION_INTERVAL = /^\d+\s+(days?|weeks?|months?|years?)$/;

/** A usable retention: matches RETENTION_INTERVAL and is longer than zero. */
export function isRetentionInterval(value: string): boolean {
  return RETENTION_INTERVAL.test(value) && Number.parseInt(value, 10) > 0;
}

const schedule = z
  .string()
  .trim()
  .refine((text) => parseSchedule(text) !== null, {
    message: "must be a cron expression ('30 16 * * *') or a schedule such as 'every 1 hour'",
  });

/**
 * The one place that reads process.env. Everything else receives a parsed Config,
 * so a typo in a variable fails at start-up with a readable message, not deep in a job.
 */
const schema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
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

  // Price sources read their own sections (src/sources/<name>/index.ts); these are shared.
  // Base URLs default to the real endpoints; tests point them at fakes.
  HTTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(15_000),
  ECB_URL: url.default('https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml'),
  MATCH_CONFIDENCE_THRESHOLD: z.coerce.number().min(0).max(1).default(0.6),

  // Chat platforms.
  DISCORD_TOKEN: secret,
  DISCORD_APPLICATION_ID: z.string().regex(/^\d+$/, 'must be the numeric application id').optional(),
  DISCORD_API_URL: url.optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, "must be the application's public key (64 hex digits)")
    .optional(),
  DISCORD_MODE: z.enum(['gateway', 'http']).default('gateway'),
  DISCORD_SHARDS: z
    .string()
    .trim()
    .regex(/^(auto|[1-9]\d*)$/, "must be 'auto' or a number of shards")
    .default('auto'),
  DISCORD_SHARD_IDS: z
    .string()
    .trim()
    .regex(/^\d+(\s*,\s*\d+)*$/, 'must be shard numbers separated by commas, e.g. 0,1')
    .optional(),
  SLACK_BOT_TOKEN: secret,
  SLACK_SIGNING_SECRET: secret,
  SLACK_API_URL: url.optional(),
  SLACK_ADMIN_USER_IDS: z.string().optional(),
  SLACK_CLIENT_ID: z.string().trim().min(1).optional(),
  SLACK_CLIENT_SECRET: secret,
  SLACK_STATE_SECRET: secret,
  SLACK_TOKEN_KEY: z
    .string()
    .trim()
    .refine((text) => tokenKeyBytes(text) !== undefined, {
      message: 'must be 32 random bytes as 64 hex digits or base64 (openssl rand -hex 32)',
    })
    .optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),

  // Alerts and their delivery.
  ALERTS_PER_USER: z.coerce.number().int().min(1).max(1000).default(50),
  NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(10),
  NOTIFY_POLL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
});

/** Job schedules: cron expressions or later.js text such as 'every 1 hour', one variable per job. */
function scheduleSchema(jobs: readonly JobSpec[]) {
  return z.object(
    Object.fromEntries(jobs.map((job) => [scheduleVariable(job.name), schedule.default(job.schedule)])),
  );
}

/** Each price source's own section, from its folder in the job list (once for a source with two jobs). */
function sourceSections(jobs: readonly JobSpec[]): SourceSettings[] {
  const sections = new Map(
    jobs.flatMap((j) => (j.source ? [[j.source.settings.key, j.source.settings]] : [])),
  );
  return [...sections.values()];
}

function sourceSchema(sections: readonly SourceSettings[]) {
  return z.object(Object.assign({}, ...sections.map((s) => s.variables)) as z.ZodRawShape);
}

type ListedSettings = NonNullable<
  Extract<(typeof JOB_LIST)[number], { source: unknown }>['source']
>['settings'];
/** config.sources: each listed source's section under its key, e.g. config.sources.bricklink. */
export type SourcesConfig = {
  [S in ListedSettings as S['key']]: S extends SourceSettings<string, infer T> ? T : never;
};

export type Env = z.infer<typeof schema>;

/** Every environment variable the configuration reads; .env.example and docker-compose.yml are checked against it. */
export const CONFIG_VARIABLES: readonly string[] = [
  ...Object.keys(schema.shape),
  ...Object.keys(sourceSchema(sourceSections(JOB_LIST)).shape),
  ...Object.keys(scheduleSchema(JOB_LIST).shape),
];

export interface Config {
  /** Set when an external server is used; otherwise the embedded PostgreSQL is started. */
  databaseUrl: string | undefined;
  /** A read replica for chat reads (prices, history, search, movers, autocomplete, sets); writes, jobs and the notifier stay on databaseUrl. */
  databaseReadUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  dbPoolMax: number;
  logLevel: Env['LOG_LEVEL'];
  /**
   * How long TimescaleDB keeps price_listings chunks (a PostgreSQL interval such as '5 years').
   * Unset means no retention policy: price data is never deleted.
   */
  priceRetention: string | undefined;
  httpTimeoutMs: number;
  matchConfidenceThreshold: number;
  sources: SourcesConfig & { ecb: { dailyUrl: string } };
  discord?: {
    token: string;
    applicationId: string;
    apiUrl?: string;
    /** 'gateway' (default) holds a gateway session; 'http' serves POST /discord/interactions instead. */
    mode: 'gateway' | 'http';
    /** Needed for 'http': the key Discord signs interactions with (hex). */
    publicKey?: string;
    /** The gateway's total shard count, or 'auto' (Discord's recommendation). */
    shardCount: number | 'auto';
    /** The shards this process runs; undefined: all of them. */
    shardIds?: number[];
  };
  /**
   * Slack: one workspace with a fixed bot token (`botToken`), or any number of workspaces installed
   * through "Add to Slack" (`oauth`), whose tokens live encrypted in slack_installations.
   */
  slack?: {
    botToken?: string;
    signingSecret: string;
    apiUrl?: string;
    adminUserIds: string[];
    oauth?: SlackOAuthConfig;
  };
  httpPort: number;
  alerting: {
    /** Active alerts one user may have. */
    alertsPerUser: number;
    /** Failed deliveries (rate limits do not count) before a notification is marked failed. */
    notifyMaxAttempts: number;
    /** How often the notifier polls the outbox besides waking on NOTIFY. */
    notifyPollMs: number;
  };
  schedules: Record<JobName, string>;
}

export interface SlackOAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** AES-256-GCM key for bot tokens at rest (32 bytes). */
  tokenKey: Buffer;
}

/** SLACK_TOKEN_KEY as 32 bytes: 64 hex digits or base64; undefined when it is neither. */
export function tokenKeyBytes(text: string): Buffer | undefined {
  const bytes = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

export class ConfigError extends Error {}

/** The configuration; `jobs` is the job list whose sources and schedules it reads (a test may add one). */
export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  jobs: readonly JobSpec[] = JOB_LIST,
): Config {
  const given = emptyToUndefined(env);
  const parsed = schema.safeParse(given);
  const sections = sourceSections(jobs);
  const sourceVars = sourceSchema(sections).safeParse(given);
  const schedules = scheduleSchema(jobs).safeParse(given);
  if (!parsed.success || !sourceVars.success || !schedules.success) {
    const issues = [
      ...(parsed.error?.issues ?? []),
      ...(sourceVars.error?.issues ?? []),
      ...(schedules.error?.issues ?? []),
    ];
    const problems = issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new ConfigError(`Invalid configuration:\n${problems}`);
  }
  const e = parsed.data;
  const oauthProblem = slackOAuthProblem(e);
  if (oauthProblem) throw new ConfigError(`Invalid configuration:\n  ${oauthProblem}`);
  if (e.DISCORD_MODE === 'http' && e.DISCORD_TOKEN && !e.DISCORD_PUBLIC_KEY) {
    throw new ConfigError(
      'Invalid configuration:\n  DISCORD_PUBLIC_KEY: required with DISCORD_MODE=http (Developer Portal -> General Information -> Public Key)',
    );
  }
  const shardProblem = discordShardProblem(e);
  if (shardProblem) throw new ConfigError(`Invalid configuration:\n  ${shardProblem}`);
  redactValues([
    e.SLACK_CLIENT_SECRET,
    e.SLACK_STATE_SECRET,
    e.SLACK_TOKEN_KEY,
    ...sections.flatMap((section) => section.secrets(sourceVars.data)),
    e.DISCORD_TOKEN,
    e.SLACK_BOT_TOKEN,
    e.SLACK_SIGNING_SECRET,
    databasePassword(e.DATABASE_URL),
    databasePassword(e.DATABASE_READ_URL),
  ]);
  return {
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    dataDir: path.resolve(e.DATA_DIR),
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    dbPoolMax: e.DB_POOL_MAX,
    logLevel: e.LOG_LEVEL,
    priceRetention: e.PRICE_RETENTION,
    httpTimeoutMs: e.HTTP_TIMEOUT_MS,
    matchConfidenceThreshold: e.MATCH_CONFIDENCE_THRESHOLD,
    sources: {
      ...Object.fromEntries(sections.map((section) => [section.key, section.read(sourceVars.data)])),
      ecb: { dailyUrl: e.ECB_URL },
    } as Config['sources'],
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
        ? {
            token: e.DISCORD_TOKEN,
            applicationId: e.DISCORD_APPLICATION_ID,
            apiUrl: e.DISCORD_API_URL,
            mode: e.DISCORD_MODE,
            publicKey: e.DISCORD_PUBLIC_KEY,
            shardCount: e.DISCORD_SHARDS === 'auto' ? 'auto' : Number(e.DISCORD_SHARDS),
            shardIds: e.DISCORD_SHARD_IDS?.split(',').map((id) => Number(id.trim())),
          }
        : undefined,
    slack:
      e.SLACK_SIGNING_SECRET && (e.SLACK_BOT_TOKEN || e.SLACK_CLIENT_ID)
        ? {
            botToken: e.SLACK_CLIENT_ID ? undefined : e.SLACK_BOT_TOKEN,
            signingSecret: e.SLACK_SIGNING_SECRET,
            apiUrl: e.SLACK_API_URL,
            adminUserIds: (e.SLACK_ADMIN_USER_IDS ?? '')
              .split(',')
              .map((id) => id.trim())
              .filter(Boolean),
            oauth:
              e.SLACK_CLIENT_ID && e.SLACK_CLIENT_SECRET && e.SLACK_STATE_SECRET && e.SLACK_TOKEN_KEY
                ? {
                    clientId: e.SLACK_CLIENT_ID,
                    clientSecret: e.SLACK_CLIENT_SECRET,
                    stateSecret: e.SLACK_STATE_SECRET,
                    tokenKey: tokenKeyBytes(e.SLACK_TOKEN_KEY) as Buffer,
                  }
                : undefined,
          }
        : undefined,
    httpPort: e.PORT,
    alerting: {
      alertsPerUser: e.ALERTS_PER_USER,
      notifyMaxAttempts: e.NOTIFY_MAX_ATTEMPTS,
      notifyPollMs: e.NOTIFY_POLL_MS,
    },
    schedules: Object.fromEntries(
      jobs.map((job) => [job.name, schedules.data[scheduleVariable(job.name)] as string]),
    ) as Record<JobName, string>,
  };
}

/** A replica's shards must be named against a fixed total, or two replicas could disagree on it. */
function discordShardProblem(e: Env): string | undefined {
  if (!e.DISCORD_SHARD_IDS) return undefined;
  if (e.DISCORD_SHARDS === 'auto') {
    return 'DISCORD_SHARD_IDS: needs DISCORD_SHARDS set to the total number of shards, not auto';
  }
  const total = Number(e.DISCORD_SHARDS);
  const outside = e.DISCORD_SHARD_IDS.split(',')
    .map((id) => Number(id.trim()))
    .filter((id) => id >= total);
  return outside.length > 0
    ? `DISCORD_SHARD_IDS: shard ${outside.join(', ')} does not exist with DISCORD_SHARDS=${total} (shards count from 0)`
    : undefined;
}

/** The "Add to Slack" settings come as a set: name the ones missing when only some are given. */
function slackOAuthProblem(e: Env): string | undefined {
  if (!e.SLACK_CLIENT_ID) return undefined;
  const missing = (
    ['SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET', 'SLACK_TOKEN_KEY', 'SLACK_SIGNING_SECRET'] as const
  ).filter((name) => !e[name]);
  return missing.length > 0
    ? `SLACK_CLIENT_ID: installing to many workspaces also needs ${missing.join(', ')}`
    : undefined;
}

function databasePassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** `FOO=` in a .env or compose file means "not set", not "the empty string". */
function emptyToUndefined(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
}
