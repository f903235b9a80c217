import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { SlackDeliveryError } from '../../src/adapters/slack/delivery.js';
import { SourceError } from '../../src/core/errors.js';
import { Pacer } from '../../src/notifier/pacer.js';
import { classifyFailure, idempotencyKeyFor, MAX_IDEMPOTENCY_KEY } from '../../src/notifier/port.js';
import { DEFAULT_RETRY_POLICY, decideRetry } from '../../src/notifier/retry-policy.js';

const policy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 5_000 };
const midJitter = () => 0.5;

describe('retry policy', () => {
  it('waits out a rate limit for as long as asked and gives the attempt back', () => {
    const d = decideRetry(
      { retryable: true, rateLimited: true, retryAfterMs: 7_500, reason: '429' },
      99,
      policy,
    );
    expect(d).toEqual({ action: 'retry', delayMs: 7_500, countAttempt: false });
  });

  it('backs off exponentially with jitter, capped, then gives up with the reason', () => {
    const f = { retryable: true, rateLimited: false, reason: 'HTTP 503' };
    expect(decideRetry(f, 1, policy, midJitter)).toMatchObject({ delayMs: 1_000, countAttempt: true });
    expect(decideRetry(f, 2, policy, midJitter)).toMatchObject({ delayMs: 2_000 });
    expect(decideRetry(f, 3, policy, midJitter)).toMatchObject({ delayMs: 4_000 });
    const low = decideRetry(f, 3, policy, () => 0);
    const high = decideRetry(f, 3, policy, () => 1);
    expect(low.action === 'retry' && low.delayMs).toBe(3_200);
    expect(high.action === 'retry' && high.delayMs).toBe(4_800);
    expect(decideRetry(f, 4, policy)).toEqual({
      action: 'fail',
      reason: 'gave up after 4 attempts: HTTP 503',
    });
    // The default policy keeps retrying for about 40 minutes of waiting.
    let waited = 0;
    for (let a = 1; a < DEFAULT_RETRY_POLICY.maxAttempts; a++) {
      const d = decideRetry(f, a, DEFAULT_RETRY_POLICY, midJitter);
      if (d.action === 'retry') waited += d.delayMs;
    }
    expect(waited / 60_000).toBeGreaterThan(30);
  });

  it('fails at once on what retrying cannot fix', () => {
    expect(decideRetry({ retryable: false, rateLimited: false, reason: 'HTTP 403' }, 1, policy)).toEqual({
      action: 'fail',
      reason: 'HTTP 403',
    });
  });
});

describe('classifying send failures', () => {
  it('reads the adapters’ own errors', () => {
    expect(
      classifyFailure(
        new SlackDeliveryError('rate limited', { retryable: true, status: 429, retryAfterMs: 3_000 }),
      ),
    ).toMatchObject({ retryable: true, rateLimited: true, retryAfterMs: 3_000 });
    expect(
      classifyFailure(
        new SlackDeliveryError('refused (channel_not_found)', {
          retryable: false,
          slackError: 'channel_not_found',
        }),
      ),
    ).toMatchObject({ retryable: false, rateLimited: false });
    expect(
      classifyFailure(new SourceError('Discord failed: HTTP 502', { retryable: true, status: 502 })),
    ).toMatchObject({
      retryable: true,
      rateLimited: false,
    });
  });

  it('reads discord.js errors, network errors and timeouts', () => {
    const request = { body: {}, files: undefined };
    const missingAccess = new DiscordAPIError(
      { code: 50001, message: 'Missing Access' },
      50001,
      403,
      'POST',
      '/x',
      request,
    );
    expect(classifyFailure(missingAccess)).toMatchObject({ retryable: false });
    expect(classifyFailure(new HTTPError(503, 'Service Unavailable', 'POST', '/x', request))).toMatchObject({
      retryable: true,
    });
    const limited = new RateLimitError({
      timeToReset: 2_000,
      limit: 5,
      method: 'POST',
      hash: 'h',
      url: '/x',
      route: '/x',
      majorParameter: 'c',
      global: false,
      retryAfter: 2_000,
      sublimitTimeout: 0,
      scope: 'user',
    });
    expect(classifyFailure(limited)).toMatchObject({
      retryable: true,
      rateLimited: true,
      retryAfterMs: 2_000,
    });
    expect(classifyFailure(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))).toMatchObject(
      { retryable: true },
    );
    expect(classifyFailure(new DOMException('timed out', 'TimeoutError'))).toMatchObject({ retryable: true });
    expect(classifyFailure(new TypeError("Cannot read properties of undefined (reading 'x')"))).toMatchObject(
      {
        retryable: false,
      },
    );
  });
});

describe('idempotency keys and pacing', () => {
  it('gives every attempt at one row the same short key, and different rows different keys', () => {
    const key = idempotencyKeyFor('alert:123:4');
    expect(key).toHaveLength(MAX_IDEMPOTENCY_KEY);
    expect(idempotencyKeyFor('alert:123:4')).toBe(key);
    expect(idempotencyKeyFor('alert:123:5')).not.toBe(key);
  });

  it('spaces waits for one key by the interval and leaves other keys alone', async () => {
    let now = 0;
    const slept: number[] = [];
    const pacer = new Pacer({
      now: () => now,
      sleep: async (ms) => {
        slept.push(ms);
        now += ms;
      },
    });
    await pacer.wait('C1', 1_000);
    await pacer.wait('C2', 1_000);
    expect(slept).toEqual([]);
    now = 250;
    await pacer.wait('C1', 1_000);
    // The second C1 waited out the rest of its interval, and no more.
    expect(slept).toEqual([750]);
    expect(now).toBe(1_000);
  });
});
