import type { DeliveryFailure } from './port.js';

export interface RetryPolicy {
  /** Counted failures (rate limits do not count) after which a row is marked failed. */
  maxAttempts: number;
  /** First retry delay; it doubles with every counted attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 10,
  baseDelayMs: 5_000,
  maxDelayMs: 30 * 60_000,
};

export type RetryDecision =
  | { action: 'retry'; delayMs: number; countAttempt: boolean }
  | { action: 'fail'; reason: string };

/**
 * What to do after a failed send of a row that has now been tried `attempts` times.
 * - Rate limited (429): wait what the platform asked (at least 1 s), and the attempt is given back,
 *   so a busy platform delays delivery but never drops it.
 * - Other transient failures (5xx, network, timeout): exponential backoff with ±20% jitter, so
 *   notifiers do not retry in lockstep, until `maxAttempts`, then failed with the reason. Ten
 *   attempts from 5 s reach about 40 minutes of waiting: an outage of that length is survived.
 * - Permanent failures (403 Missing Access, channel_not_found, a bug): failed at once.
 */
export function decideRetry(
  failure: DeliveryFailure,
  attempts: number,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  if (!failure.retryable) return { action: 'fail', reason: failure.reason };
  if (failure.rateLimited) {
    return { action: 'retry', delayMs: Math.max(1_000, failure.retryAfterMs ?? 1_000), countAttempt: false };
  }
  if (attempts >= policy.maxAttempts) {
    return { action: 'fail', reason: `gave up after ${attempts} attempts: ${failure.reason}` };
  }
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
  const jittered = exponential * (0.8 + 0.4 * random());
  return {
    action: 'retry',
    delayMs: Math.round(Math.max(jittered, failure.retryAfterMs ?? 0)),
    countAttempt: true,
  };
}
