/**
 * The notifier's view of a chat platform: one `send`, the same signature on every platform. Each
 * started platform (src/adapters/platform.ts, RunningPlatform) is one; tests and the benchmark use
 * fakes.
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../core/reply.js';

export interface DeliveryTarget {
  /** A direct message to a user, or a post in a channel. */
  kind: 'user' | 'channel';
  /** The platform's user or channel id. */
  id: string;
  /** Discord guild or Slack team; '' when not known or not needed. */
  workspaceId: string;
}

export interface SendOptions {
  /**
   * Stable for every attempt at the same outbox row (derived from its dedupe key). A platform that
   * can deduplicate (Discord's nonce with enforce_nonce) must pass it on, so a resend after a
   * crash between "accepted" and "marked sent" does not post twice.
   */
  idempotencyKey: string;
}

export interface SendResult {
  /** The platform's id of the posted message, kept on the row. */
  messageId: string | null;
}

/** Posts one reply nobody asked for (an alert, a digest); throws what classifyFailure reads. */
export type PlatformSend = (target: DeliveryTarget, reply: Reply, opts: SendOptions) => Promise<SendResult>;

export interface PlatformPort {
  send: PlatformSend;
  /**
   * The least time between two messages to the same target, enforced by the notifier (Slack
   * allows about one message per second per channel). Undefined: no pacing beyond the platform's
   * own rate-limit handling.
   */
  readonly minIntervalPerTargetMs?: number;
}

/** Discord's `nonce` holds at most 25 characters; base64url of a SHA-256 keeps 150 bits of the key. */
export const MAX_IDEMPOTENCY_KEY = 25;

/** The same short key for every attempt at one outbox row: its dedupe key, hashed. */
export function idempotencyKeyFor(dedupeKey: string): string {
  return createHash('sha256').update(dedupeKey).digest('base64url').slice(0, MAX_IDEMPOTENCY_KEY);
}

/** What the notifier needs to know about a failed send. */
export interface DeliveryFailure {
  /** Trying again later may work (rate limit, 5xx, network, timeout). */
  retryable: boolean;
  /** The platform asked us to wait this long (429 Retry-After). */
  retryAfterMs?: number;
  /** Rate limited: the delay is the platform's pacing, not a failure, and costs no attempt. */
  rateLimited: boolean;
  /** Short, secret-free text kept on the row (last_error). */
  reason: string;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_HEADERS_TIMEOUT',
]);

/**
 * Reads any error a port may throw: the Slack adapter's SlackDeliveryError and SourceError
 * (`retryable`, `retryAfterMs`, `status`), discord.js's DiscordAPIError / HTTPError (`status`,
 * `code`) and RateLimitError (`retryAfter` in ms), aborts and network errors. Unknown errors are
 * not retried: a bug in rendering will not get better by waiting.
 */
export function classifyFailure(err: unknown): DeliveryFailure {
  const e = (typeof err === 'object' && err !== null ? err : {}) as {
    name?: string;
    message?: string;
    retryable?: unknown;
    retryAfterMs?: unknown;
    retryAfter?: unknown;
    status?: unknown;
    code?: unknown;
    cause?: unknown;
  };
  const status = typeof e.status === 'number' ? e.status : undefined;
  // discord.js names it "RateLimitError[/channels/:id/messages]".
  const isRateLimitError = e.name?.startsWith('RateLimitError') ?? false;
  const reason = describe(e, status);
  const retryAfterMs =
    typeof e.retryAfterMs === 'number'
      ? e.retryAfterMs
      : isRateLimitError && typeof e.retryAfter === 'number'
        ? e.retryAfter
        : undefined;
  const rateLimited = status === 429 || isRateLimitError;
  if (typeof e.retryable === 'boolean') {
    return { retryable: e.retryable, retryAfterMs, rateLimited, reason };
  }
  if (rateLimited) return { retryable: true, retryAfterMs, rateLimited, reason };
  if (status !== undefined) {
    return { retryable: status >= 500 || status === 408, retryAfterMs, rateLimited: false, reason };
  }
  const code = typeof e.code === 'string' ? e.code : undefined;
  const causeCode = (e.cause as { code?: unknown } | undefined)?.code;
  if (
    e.name === 'AbortError' ||
    e.name === 'TimeoutError' ||
    (code && NETWORK_CODES.has(code)) ||
    (typeof causeCode === 'string' && NETWORK_CODES.has(causeCode))
  ) {
    return { retryable: true, rateLimited: false, reason };
  }
  return { retryable: false, rateLimited: false, reason };
}

function describe(
  e: { name?: string; message?: string; code?: unknown },
  status: number | undefined,
): string {
  const parts = [e.name ?? 'Error'];
  if (status !== undefined) parts.push(`HTTP ${status}`);
  if (e.code !== undefined && typeof e.code !== 'object') parts.push(`code ${String(e.code)}`);
  // Platform messages ("Missing Access", "channel_not_found") help operators; keep them short.
  if (e.message) parts.push(e.message.slice(0, 300));
  return parts.join(': ');
}
