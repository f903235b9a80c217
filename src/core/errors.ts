import { randomBytes } from 'node:crypto';
import { log } from '../log.js';

/** A problem the user can fix (bad input, unknown figure). Its message is shown as-is. */
export class UserError extends Error {
  override name = 'UserError';
}

/**
 * Upstream trouble: an HTTP error, a timeout, a payload we cannot read. `retryable` says whether
 * trying the same request again later may succeed (429, 5xx, network) or not (bad credentials).
 */
export class SourceError extends Error {
  override name = 'SourceError';
  readonly retryable: boolean;
  /** The HTTP status (or the status a payload reported inside a 200), when there was one. */
  readonly status: number | undefined;

  constructor(message: string, opts: { retryable: boolean; status?: number; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.retryable = opts.retryable;
    this.status = opts.status;
  }
}

/**
 * Turns any thrown value into text fit for a user. Bugs are logged with their stack under a short
 * reference id, and the user sees only that id, never raw exception text.
 */
export function describeForUser(err: unknown, context: Record<string, unknown> = {}): string {
  if (err instanceof UserError) return err.message;
  const ref = randomBytes(3).toString('hex');
  log.error({ err, ref, ...context }, 'unexpected error');
  return `Something went wrong (ref ${ref}). The details are in the log.`;
}
