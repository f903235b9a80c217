import { pino } from 'pino';
import { LogRoute } from './log-route.js';

/** Keys whose values are credentials, wherever they appear in a logged object (up to 3 levels deep). */
const SECRET_KEYS = [
  'password',
  'token',
  'secret',
  'authorization',
  'apiKey',
  'botToken',
  'signingSecret',
  'clientSecret',
  'consumerSecret',
  'tokenSecret',
  'credentials',
  'databaseUrl',
];

/** pino's redaction options, exported so that tests check the real list. */
export const REDACT = {
  paths: SECRET_KEYS.flatMap((k) => [k, `*.${k}`, `*.*.${k}`, `*.*.*.${k}`]),
  censor: '[redacted]',
};

/**
 * Structured logs on stderr, so that CLI output on stdout stays clean for pipes.
 * Credentials are redacted by key wherever they appear in a logged object. The level is read
 * here rather than from Config because the logger must exist before configuration is parsed
 * (to report a bad configuration); config.ts validates the same LOG_LEVEL values.
 */
/** pino's serializers, exported with REDACT so that tests check the real behaviour. */
export const SERIALIZERS = { err: (err: unknown) => boundedError(err) };

/** Where the lines go: stderr, or a file while the console chat owns the terminal. */
export const logRoute = new LogRoute();

export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    serializers: SERIALIZERS,
    redact: REDACT,
  },
  logRoute,
);

/** A connection string safe to print: the password is replaced. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '[unparseable url]';
  }
}

const MAX_ERROR_TEXT = 4000;

/** Credential values seen in the configuration: scrubbed from error text, where keys cannot help. */
const secretValues = new Set<string>();

/** Registers credential values (config.ts does this on load); short values would scrub too much. */
export function redactValues(values: readonly (string | undefined)[]): void {
  for (const v of values) if (v && v.length >= 6) secretValues.add(v);
}

/** Credentials an error text may quote that no configuration knows: a URL's password, `password=...`. */
const QUOTED_SECRETS: [RegExp, string][] = [
  [/(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, '$1***@'],
  [
    /\b(password|passwd|pwd|secret|token|api[_-]?key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
    '$1$2[redacted]',
  ],
];

function scrub(text: string): string {
  let out = text;
  for (const secret of secretValues) out = out.replaceAll(secret, '[redacted]');
  for (const [pattern, replacement] of QUOTED_SECRETS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Database errors quote the whole failing statement, which for a bulk upsert is megabytes of
 * JSON. Keep the start of the message and stack: enough to debug, small enough to ship.
 */
function boundedError(err: unknown): unknown {
  if (typeof err === 'string') return bounded(scrub(err));
  if (typeof err !== 'object' || err === null) return err;
  const out = pino.stdSerializers.err(err as Error) as { message?: unknown; stack?: unknown };
  for (const key of ['message', 'stack'] as const) {
    const text = out[key];
    if (typeof text === 'string') out[key] = bounded(scrub(text));
  }
  return out;
}

function bounded(text: string): string {
  return text.length > MAX_ERROR_TEXT
    ? `${text.slice(0, MAX_ERROR_TEXT)}... [${text.length - MAX_ERROR_TEXT} more characters]`
    : text;
}

/** An error's message, bounded and scrubbed of credentials, for storing where logs are not (job_runs). */
export function errorText(err: unknown): string {
  return bounded(scrub(err instanceof Error ? err.message : String(err)));
}
