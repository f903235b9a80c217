/**
 * The Slack adapter's public face, for src/main.ts and the notifier:
 * - `startSlack({ config, dispatcher, log })` starts the Bolt app on config.httpPort and returns
 *   `{ port, state(), stop(), send(target, reply, opts) }`; `routes` adds handlers (GET /healthz)
 *   to the same HTTP server, which Bolt's receiver owns;
 * - `createSlackSender(config.slack)` posts replies without the HTTP server (e.g. from a notifier).
 * `send` is the platform port's (a user target posts to the app's DM with that user); it throws
 * SlackDeliveryError, whose `retryable` and `retryAfterMs` tell the caller when to try again. It
 * never retries by itself.
 */
import type { PlatformPort, PlatformSend } from '../../notifier/port.js';
import { type SlackAdapter, type SlackAppOptions, type SlackState, startSlackApp } from './app.js';
import { createDeliveryClient, SlackDeliveryError, sendMessage as send } from './delivery.js';

export { SLACK_EVENTS_PATH, type SlackState, type SlackStatus } from './app.js';
export { SlackDeliveryError } from './delivery.js';
export { PostgresInstallationStore } from './oauth/installation-store.js';
export { SLACK_BOT_SCOPES, SLACK_INSTALL_PATH, SLACK_REDIRECT_PATH } from './oauth/scopes.js';
export { uninstallWorkspace } from './oauth/uninstall.js';
export { render as renderSlack, type SlackMessage } from './render.js';

/** Slack's chat.postMessage allows about one message per second per channel; the notifier paces it. */
export const SLACK_MIN_INTERVAL_MS = 1_000;

type DeliveryClient = ReturnType<typeof createDeliveryClient>;

/** The notifier's port, given how to pick the client (the token) for a workspace. */
function slackPort(
  clientFor: (workspaceId: string) => DeliveryClient | Promise<DeliveryClient>,
): PlatformPort {
  const sendReply: PlatformSend = async (target, reply) => {
    const sent = await send(await clientFor(target.workspaceId), target.id, reply);
    return { messageId: sent.ts || null };
  };
  return { send: sendReply, minIntervalPerTargetMs: SLACK_MIN_INTERVAL_MS };
}

export interface SlackHandle extends PlatformPort {
  /** The port the HTTP server listens on (useful with PORT=0). */
  readonly port: number;
  state(): SlackState;
  /** Stops accepting requests, lets replies in progress finish (up to drainMs), closes the server. */
  stop(): Promise<void>;
}

export type StartSlackOptions = SlackAppOptions;

export async function startSlack(opts: StartSlackOptions): Promise<SlackHandle> {
  const slack = opts.config.slack;
  if (!slack) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const adapter: SlackAdapter = await startSlackApp(opts);
  const sender = slack.oauth
    ? createWorkspaceSender({ apiUrl: slack.apiUrl, log: opts.log, tokenFor: adapter.tokenFor })
    : createSlackSender({ botToken: slack.botToken ?? '', apiUrl: slack.apiUrl }, opts.log);
  return {
    port: adapter.port,
    state: () => adapter.state(),
    stop: () => adapter.stop(),
    send: sender.send,
    minIntervalPerTargetMs: sender.minIntervalPerTargetMs,
  };
}

/** Single-token mode: every message goes out with SLACK_BOT_TOKEN. */
export function createSlackSender(
  slack: { botToken: string; apiUrl?: string },
  log?: SlackAppOptions['log'],
): PlatformPort {
  const client = createDeliveryClient({ botToken: slack.botToken, apiUrl: slack.apiUrl, log });
  return slackPort(() => client);
}

/**
 * Many-workspace mode: each message goes out with the token of the workspace it is for, looked up
 * (and refreshed, with token rotation) in the installation store. A workspace without an
 * installation gets a non-retryable error: waiting will not bring the app back.
 */
export function createWorkspaceSender(opts: {
  apiUrl?: string;
  log?: SlackAppOptions['log'];
  tokenFor(workspace: { teamId: string }): Promise<string>;
}): PlatformPort {
  const clients = new Map<string, DeliveryClient>();
  const clientForToken = (botToken: string) => {
    let client = clients.get(botToken);
    if (!client) {
      // A rotated token replaces the old one; keep the map from growing with dead tokens.
      if (clients.size >= 1000) clients.clear();
      client = createDeliveryClient({ botToken, apiUrl: opts.apiUrl, log: opts.log });
      clients.set(botToken, client);
    }
    return client;
  };
  return slackPort(async (workspaceId) => {
    let token: string;
    try {
      token = await opts.tokenFor({ teamId: workspaceId });
    } catch (err) {
      throw new SlackDeliveryError(`the app is not installed in Slack workspace ${workspaceId || '(none)'}`, {
        retryable: false,
        slackError: 'not_installed',
        cause: err,
      });
    }
    return clientForToken(token);
  });
}
