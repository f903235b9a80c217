import { pino } from 'pino';

/**
 * Structured logs on stderr, so that CLI output on stdout stays clean for pipes.
 * Credentials are redacted by key wherever they appear in a logged object.
 */
export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? 'info',
    redact: {
      paths: [
        'password',
        '*.password',
        'token',
        '*.token',
        'secret',
        '*.secret',
        'authorization',
        '*.authorization',
      ],
      censor: '[redacted]',
    },
  },
  pino.destination(2),
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
