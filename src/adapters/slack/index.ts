/**
 * The Slack adapter's public face, for src/main.ts and the notifier:
 * - `startSlack({ config, dispatcher, log })` starts the Bolt app on config.httpPort and returns
 *   `{ port, state(), stop(), sendMessage(channel, reply) }`; `routes` adds handlers (GET /healthz)
 *   to the same HTTP server, which Bolt's receiver owns;
 * - `createSlackSender(config.slack)` posts replies without the HTTP server (e.g. from a notifier).
 * `sendMessage` throws SlackDeliveryError; `retryable` and `retryAfterMs` tell the caller when to
 * try again. It never retries by itself.
 */
import type { Reply } from '../../core/reply.js';
import { type SlackAdapter, type SlackAppOptions, type SlackState, startSlackApp } from './app.js';
import { createDeliveryClient, sendMessage as send } from './delivery.js';

export { SLACK_EVENTS_PATH, type SlackState, type SlackStatus } from './app.js';
export { SlackDeliveryError } from './delivery.js';
export { render as renderSlack, type SlackMessage } from './render.js';

export type SendMessage = (channel: string, reply: Reply) => Promise<{ channel: string; ts: string }>;

export interface SlackHandle {
  /** The port the HTTP server listens on (useful with PORT=0). */
  readonly port: number;
  state(): SlackState;
  /** Stops accepting requests, lets replies in progress finish (up to drainMs), closes the server. */
  stop(): Promise<void>;
  sendMessage: SendMessage;
}

export type StartSlackOptions = SlackAppOptions;

export async function startSlack(opts: StartSlackOptions): Promise<SlackHandle> {
  const slack = opts.config.slack;
  if (!slack) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const adapter: SlackAdapter = await startSlackApp(opts);
  const sender = createSlackSender(slack, opts.log);
  return {
    port: adapter.port,
    state: () => adapter.state(),
    stop: () => adapter.stop(),
    sendMessage: sender.sendMessage,
  };
}

export function createSlackSender(
  slack: { botToken: string; apiUrl?: string },
  log?: SlackAppOptions['log'],
): { sendMessage: SendMessage } {
  const client = createDeliveryClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, log });
  return { sendMessage: (channel, reply) => send(client, channel, reply) };
}
