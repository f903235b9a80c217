/**
 * Posting a rendered Reply with the Web API, for replies to mentions and for notifiers (alerts,
 * digests) that post outside any interaction. Failures become a SlackDeliveryError that says
 * whether trying again later may work, and when: the caller owns the retry schedule.
 */
import { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Reply } from '../../core/reply.js';
import { log as rootLog } from '../../log.js';
import { boltLogger } from './bolt-logger.js';
import { render, type SlackFile, type SlackMessage } from './render.js';

/** Platform errors (`ok: false`) that mean "Slack is having trouble", not "this request is wrong". */
const RETRYABLE_PLATFORM_ERRORS = new Set([
  'ratelimited',
  'rate_limited',
  'service_unavailable',
  'internal_error',
  'fatal_error',
  'request_timeout',
  'team_added_to_org',
]);

export class SlackDeliveryError extends Error {
  override name = 'SlackDeliveryError';
  readonly retryable: boolean;
  /** The HTTP status, when Slack answered with one other than 200. */
  readonly status: number | undefined;
  /** Slack's error code for `ok: false` answers ("channel_not_found", "not_in_channel"...). */
  readonly slackError: string | undefined;
  /** How long Slack asked us to wait (429 Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    opts: {
      retryable: boolean;
      status?: number;
      slackError?: string;
      retryAfterMs?: number;
      cause?: unknown;
    },
  ) {
    super(message, { cause: opts.cause });
    this.retryable = opts.retryable;
    this.status = opts.status;
    this.slackError = opts.slackError;
    this.retryAfterMs = opts.retryAfterMs;
  }
}

/** Maps @slack/web-api errors (by their stable `code`) to a SlackDeliveryError. */
export function toDeliveryError(err: unknown, what: string): SlackDeliveryError {
  if (err instanceof SlackDeliveryError) return err;
  const e = err as { code?: string; retryAfter?: number; statusCode?: number; data?: { error?: string } };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new SlackDeliveryError(`${what}: rate limited by Slack, retry after ${e.retryAfter} s`, {
        retryable: true,
        status: 429,
        retryAfterMs: (e.retryAfter ?? 1) * 1000,
        cause: err,
      });
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      return new SlackDeliveryError(`${what}: Slack answered HTTP ${status}`, {
        retryable: status >= 500 || status === 408,
        status,
        cause: err,
      });
    }
    case webApi.ErrorCode.RequestError:
      return new SlackDeliveryError(`${what}: could not reach Slack`, { retryable: true, cause: err });
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? 'unknown_error';
      return new SlackDeliveryError(`${what}: Slack refused it (${code})`, {
        retryable: RETRYABLE_PLATFORM_ERRORS.has(code),
        slackError: code,
        cause: err,
      });
    }
    default:
      return new SlackDeliveryError(`${what}: ${err instanceof Error ? err.name : 'unexpected error'}`, {
        retryable: false,
        cause: err,
      });
  }
}

export interface PostTarget {
  channel: string;
  threadTs?: string;
}

/** chat.postMessage of a rendered message, then its chart (if any) in the same channel and thread. */
export async function postMessage(
  client: webApi.WebClient,
  target: PostTarget,
  message: SlackMessage,
): Promise<{ channel: string; ts: string }> {
  const res = await client.chat.postMessage({
    channel: target.channel,
    text: message.text,
    blocks: message.blocks,
    ...(target.threadTs ? { thread_ts: target.threadTs } : {}),
    unfurl_links: false,
    unfurl_media: false,
  });
  const channel = res.channel ?? target.channel;
  if (message.file) await uploadFile(client, { channel, threadTs: target.threadTs }, message.file);
  return { channel, ts: res.ts ?? '' };
}

/** files.uploadV2: files.getUploadURLExternal, the upload itself, files.completeUploadExternal. */
export async function uploadFile(
  client: webApi.WebClient,
  target: PostTarget,
  file: SlackFile,
): Promise<void> {
  const upload = {
    file: Buffer.from(file.data),
    filename: file.filename,
    title: file.title,
    alt_text: file.altText,
  };
  await client.files.uploadV2(
    target.threadTs
      ? { ...upload, channel_id: target.channel, thread_ts: target.threadTs }
      : { ...upload, channel_id: target.channel },
  );
}

/**
 * A Web API client for deliveries that a caller retries on its own schedule: it neither retries nor
 * sleeps through a 429, so a rate limit or an outage surfaces at once as a retryable error.
 */
export function createDeliveryClient(opts: {
  botToken: string;
  apiUrl?: string;
  timeoutMs?: number;
  log?: Logger;
}): webApi.WebClient {
  return new webApi.WebClient(opts.botToken, {
    ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 15_000,
    logger: boltLogger(opts.log ?? rootLog),
  });
}

/**
 * Posts `reply` to a channel (or a user id, for a direct message). Ephemeral makes no sense outside
 * an interaction, so it is ignored. Throws SlackDeliveryError (see `retryable`, `retryAfterMs`).
 */
export async function sendMessage(
  client: webApi.WebClient,
  channel: string,
  reply: Reply,
): Promise<{ channel: string; ts: string }> {
  try {
    return await postMessage(client, { channel }, render(reply));
  } catch (err) {
    throw toDeliveryError(err, `posting to Slack channel ${channel}`);
  }
}
