/**
 * The adapters' senders as notifier ports. Each keeps the platform's own semantics visible:
 * - Discord: the idempotency key goes out as the message `nonce` with `enforce_nonce`, so a resend
 *   after a lost answer (or a crash before the row was marked sent) returns the message Discord
 *   already made instead of posting a second one. A DM first opens the DM channel (idempotent).
 * - Slack: chat.postMessage has no idempotency key; the notifier paces it at one message per
 *   second per channel (Slack's posting limit). See docs/alerts.md.
 * - Console: prints the plain-text rendering into the terminal chat.
 */
import type { Writable } from 'node:stream';
import { renderConsole } from '../adapters/console/render.js';
import type { DiscordAdapter } from '../adapters/discord/index.js';
import type { SendMessage } from '../adapters/slack/index.js';
import type { PlatformPort } from './port.js';

/** Slack's chat.postMessage allows about one message per second per channel. */
export const SLACK_MIN_INTERVAL_MS = 1_000;

export function discordPort(adapter: Pick<DiscordAdapter, 'sendMessage'>): PlatformPort {
  return {
    async send(target, reply, { idempotencyKey }) {
      const to = target.kind === 'user' ? { userId: target.id } : { channelId: target.id };
      const sent = await adapter.sendMessage(to, reply, { nonce: idempotencyKey });
      return { messageId: sent.messageId };
    },
  };
}

export function slackPort(sendMessage: SendMessage): PlatformPort {
  return {
    minIntervalPerTargetMs: SLACK_MIN_INTERVAL_MS,
    // A user id as the channel posts to the app's DM with that user.
    async send(target, reply) {
      const sent = await sendMessage(target.id, reply, target.workspaceId);
      return { messageId: sent.ts || null };
    },
  };
}

export function consolePort(output: Writable): PlatformPort {
  return {
    async send(_target, reply) {
      output.write(`\n[alert] ${renderConsole(reply).replace(/\n/g, '\n        ')}\n`);
      return { messageId: null };
    },
  };
}
