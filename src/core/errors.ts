import { randomBytes } from 'node:crypto';
import { log } from '../log.js';

/** A problem the user can fix (bad input, unknown figure). Its message is shown as-is. */
export class UserError extends Error {
  override name = 'UserError';
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
