/**
 * Posts a rendered Reply to a channel or to a user's DMs through REST, for messages nobody asked for
 * (alerts, digests). The caller's `nonce` goes out with `enforce_nonce: true`: if a create reached
 * Discord but its answer was lost (a 500, a timeout) and the request is retried within a few
 * minutes, Discord returns the message it already made instead of posting it twice. @discordjs/rest
 * itself waits out 429s (`retry_after`) and retries 5xx up to its retry limit; what still fails is
 * thrown as a SourceError whose `retryable` tells the caller whether to try again later.
 */
import { createHash } from 'node:crypto';
import {
  DiscordAPIError,
  HTTPError,
  RateLimitError,
  type REST,
  type RESTPostAPIChannelMessageResult,
  type RESTPostAPICurrentUserCreateDMChannelResult,
  Routes,
} from 'discord.js';
import { SourceError } from '../../core/errors.js';
import type { Reply } from '../../core/reply.js';
import type { PlatformSend } from '../../notifier/port.js';
import { DISCORD_MAX_NONCE } from './limits.js';
import { render } from './render.js';

export type DiscordTarget = { channelId: string } | { userId: string };

export interface SentMessage {
  channelId: string;
  messageId: string;
}

/** Discord nonces are at most 25 characters: a longer key (an outbox dedupe key) is hashed down, the same way every time. */
export function discordNonce(key: string): string {
  if (key.length > 0 && key.length <= DISCORD_MAX_NONCE) return key;
  return createHash('sha256').update(key).digest('base64url').slice(0, DISCORD_MAX_NONCE);
}

export async function sendMessage(
  rest: REST,
  target: DiscordTarget,
  reply: Reply,
  opts: { nonce: string },
): Promise<SentMessage> {
  const message = render(reply, { withContent: true });
  try {
    const channelId = 'channelId' in target ? target.channelId : await openDm(rest, target.userId);
    const body = {
      content: message.content,
      embeds: message.embeds,
      components: message.components,
      attachments: message.files.map((f, id) => ({ id, filename: f.name, description: f.description })),
      nonce: discordNonce(opts.nonce),
      enforce_nonce: true,
      // The summary may quote user text: never let it ping anyone.
      allowed_mentions: { parse: [] },
    };
    const files = message.files.map((f) => ({ name: f.name, data: f.data, contentType: 'image/png' }));
    const sent = (await rest.post(Routes.channelMessages(channelId), {
      body,
      files,
    })) as RESTPostAPIChannelMessageResult;
    return { channelId, messageId: sent.id };
  } catch (err) {
    throw asSourceError(err);
  }
}

/**
 * The platform port's `send` over a REST client: a user target posts to their DMs, and the
 * idempotency key goes out as the nonce with `enforce_nonce`, so a resend after a lost answer
 * (or a crash before the outbox row was marked sent) returns the message Discord already made.
 */
export function discordSend(rest: REST): PlatformSend {
  return async (target, reply, { idempotencyKey }) => {
    const to = target.kind === 'user' ? { userId: target.id } : { channelId: target.id };
    const sent = await sendMessage(rest, to, reply, { nonce: idempotencyKey });
    return { messageId: sent.messageId };
  };
}

async function openDm(rest: REST, userId: string): Promise<string> {
  const channel = (await rest.post(Routes.userChannels(), {
    body: { recipient_id: userId },
  })) as RESTPostAPICurrentUserCreateDMChannelResult;
  return channel.id;
}

/**
 * Discord's verdict as a SourceError: 4xx answers (unknown channel, DMs closed, missing access) will
 * not change on retry; 5xx, rate limits and network failures may. The request body is not kept:
 * it holds the message (and its PNG), which does not belong in logs.
 */
function asSourceError(err: unknown): SourceError {
  if (err instanceof DiscordAPIError) {
    return new SourceError(`Discord refused the message: ${err.status} ${err.code} ${err.message}`, {
      retryable: err.status >= 500 || err.status === 429,
      status: err.status,
    });
  }
  if (err instanceof HTTPError) {
    return new SourceError(`Discord failed: HTTP ${err.status}`, { retryable: true, status: err.status });
  }
  if (err instanceof RateLimitError) {
    return new SourceError(`Discord rate limit: retry in ${err.retryAfter} ms`, {
      retryable: true,
      status: 429,
    });
  }
  const message = err instanceof Error ? err.message : String(err);
  return new SourceError(`Discord unreachable: ${message}`, { retryable: true });
}
