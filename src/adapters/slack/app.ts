/**
 * The Slack adapter: a Bolt App with an HTTPReceiver at /slack/events (signature and timestamp
 * checked: anything unsigned, mis-signed, older than 5 minutes (Bolt) or dated more than 5 minutes
 * ahead (request-timestamp.ts) gets a 401).
 * - `/minifig <command> <args>`: ack at once, then dispatch the text and answer via response_url
 *   (`/minifig` alone gets the help, shown to the asker only);
 * - `@minifig price of sw0001`: the question is reduced to command text (parse.ts) and answered
 *   in the channel (errors only to the asker);
 * - buttons: their value is command text (formatInvocation), run like a typed command.
 * Every path acks before any work, so Slack's 3-second window is never at risk.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, HTTPReceiver, type webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { InvocationContext } from '../../core/command.js';
import type { Dispatcher } from '../../core/dispatch.js';
import { leanFetch } from '../../http/lean-fetch.js';
import { log as rootLog } from '../../log.js';
import { type AdminCheck, createAdminCheck } from './admin-check.js';
import { boltLogger } from './bolt-logger.js';
import { asksForImport, downloadSharedFile, type SharedFile } from './file-import.js';
import { mentionText, slashCommandText } from './parse.js';
import { ACTION_ID_PREFIX, render } from './render.js';
import { errorSummary, replyInChannel, replyViaResponseUrl } from './reply.js';
import { refuseFutureTimestamps } from './request-timestamp.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export type SlackStatus = 'starting' | 'running' | 'stopping' | 'stopped' | 'failed';

export interface SlackState {
  status: SlackStatus;
  /** The bot's user id, from auth.test. */
  botUserId?: string;
  /** Why the adapter failed, in words safe to show on /healthz. */
  error?: string;
}

export interface SlackAppOptions {
  config: Pick<Config, 'slack' | 'httpPort'>;
  dispatcher: Dispatcher;
  log?: Logger;
  /** Extra routes on the same HTTP server, e.g. GET /healthz. */
  routes?: CustomRoute[];
  /** Overrides config.httpPort (0: any free port). */
  port?: number;
  /** Web API client settings (tests shorten the retry policy). */
  clientOptions?: webApi.WebClientOptions;
  /** How long stop() waits for replies already being prepared. */
  drainMs?: number;
}

export interface SlackAdapter {
  readonly port: number;
  readonly app: App;
  state(): SlackState;
  stop(): Promise<void>;
}

/** Interactive replies retry a little (the user is waiting), unlike deliveries (see delivery.ts). */
const INTERACTIVE_RETRIES = { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 2_000 };

export async function startSlackApp(opts: SlackAppOptions): Promise<SlackAdapter> {
  const slack = opts.config.slack;
  if (!slack) throw new Error('Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET');
  const log = (opts.log ?? rootLog).child({ adapter: 'slack' });
  const state: SlackState = { status: 'starting' };
  const inFlight = new Set<Promise<void>>();
  const logger = boltLogger(log);

  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    customRoutes: opts.routes ?? [],
    logger,
  });
  receiver.requestListener = refuseFutureTimestamps(SLACK_EVENTS_PATH, receiver.requestListener, () =>
    log.warn('refused a Slack request dated more than 5 minutes in the future'),
  );
  const app = new App({
    token: slack.botToken,
    receiver,
    logger,
    deferInitialization: true,
    clientOptions: {
      ...(slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {}),
      fetch: leanFetch(),
      retryConfig: INTERACTIVE_RETRIES,
      timeout: 10_000,
      ...opts.clientOptions,
    },
  });
  const isAdmin = createAdminCheck({ client: app.client, adminUserIds: slack.adminUserIds, log });
  registerListeners(app, { dispatcher: opts.dispatcher, log, isAdmin, track, botToken: slack.botToken });

  try {
    await app.init(); // auth.test: a bad token fails here, at start-up, not on the first command
    const me = await app.client.auth.test();
    state.botUserId = me.user_id;
  } catch (err) {
    state.status = 'failed';
    state.error = `auth.test failed (${errorSummary(err).slackError ?? errorSummary(err).code ?? 'no answer'})`;
    throw new Error(`Slack: ${state.error}; check SLACK_BOT_TOKEN and SLACK_API_URL`);
  }
  const server = (await app.start(opts.port ?? opts.config.httpPort)) as Server;
  state.status = 'running';
  const port = (server.address() as AddressInfo).port;
  log.info({ port, path: SLACK_EVENTS_PATH, botUserId: state.botUserId }, 'slack adapter listening');

  /** Keeps a reply's promise until it settles, so that stop() can let it finish. */
  function track(work: Promise<void>): Promise<void> {
    inFlight.add(work);
    return work.finally(() => inFlight.delete(work));
  }

  return {
    port,
    app,
    state: () => ({ ...state }),
    async stop() {
      if (state.status === 'stopped' || state.status === 'stopping') return;
      state.status = 'stopping';
      const closed = app.stop();
      server.closeIdleConnections();
      const drained = Promise.allSettled([...inFlight]);
      const timeout = new Promise((resolve) => setTimeout(resolve, opts.drainMs ?? 10_000).unref());
      await Promise.race([drained, timeout]);
      server.closeAllConnections();
      await closed.catch(() => {});
      state.status = 'stopped';
      log.info('slack adapter stopped');
    },
  };
}

interface ListenerDeps {
  /** Downloads files shared with the bot (url_private). */
  botToken: string;
  dispatcher: Dispatcher;
  log: Logger;
  isAdmin: AdminCheck;
  track(work: Promise<void>): Promise<void>;
}

function registerListeners(app: App, deps: ListenerDeps): void {
  const { dispatcher, log } = deps;
  const context = async (ids: {
    user?: string;
    team?: string;
    channel?: string;
  }): Promise<InvocationContext> => ({
    platform: 'slack',
    userId: ids.user,
    workspaceId: ids.team,
    channelId: ids.channel,
    isAdmin: await deps.isAdmin(ids.user),
  });

  // Any slash command routed here is ours: the workspace may have named it other than /minifig.
  app.command(/^\/.+/, async ({ command, ack, respond, client }) => {
    await ack();
    await deps.track(
      (async () => {
        const ctx = await context({
          user: command.user_id,
          team: command.team_id,
          channel: command.channel_id,
        });
        const text = slashCommandText(command.text);
        const reply = await dispatcher.dispatchText(text, ctx);
        // `/minifig` alone asks for help: that is for the asker, not the whole channel.
        const shown = text.trim() === '' ? { ...reply, ephemeral: true } : reply;
        await replyViaResponseUrl(respond, client, command.channel_id, render(shown), log);
      })(),
    );
  });

  app.event('app_mention', async ({ event, client, context: boltContext }) => {
    // Slack re-sends an event it thinks timed out; the first delivery is already being answered.
    if (boltContext.retryReason === 'http_timeout') return;
    await deps.track(
      (async () => {
        const text = mentionText(
          event.text,
          dispatcher.commands.map((c) => c.name),
        );
        const ctx = await context({ user: event.user, team: event.team, channel: event.channel });
        const reply = await dispatcher.dispatchText(text, ctx);
        const target = { channel: event.channel, user: event.user, threadTs: event.thread_ts };
        await replyInChannel(client, target, render(reply), log);
      })(),
    );
  });

  // A file sent to the bot in a direct message with the text "watch import": the collection import.
  app.event('message', async ({ event, client, context: boltContext }) => {
    if (boltContext.retryReason === 'http_timeout') return;
    const message = event as {
      channel_type?: string;
      subtype?: string;
      text?: string;
      user?: string;
      team?: string;
      channel: string;
      files?: SharedFile[];
    };
    const file = message.files?.[0];
    if (message.channel_type !== 'im' || message.subtype !== 'file_share' || !file) return;
    if (!asksForImport(message.text)) return;
    await deps.track(
      (async () => {
        const ctx = await context({ user: message.user, team: message.team, channel: message.channel });
        const attached = await downloadSharedFile(file, deps.botToken, log);
        const reply = await dispatcher.dispatch(
          { command: 'watch', subcommand: 'import', options: { file: attached } },
          ctx,
        );
        // Only the asker is in a direct message: an ordinary message is as private as it gets.
        await replyInChannel(
          client,
          { channel: message.channel },
          render({ ...reply, ephemeral: false }),
          log,
        );
      })(),
    );
  });

  app.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION_ID_PREFIX}`) }, async (args) => {
    const { ack, body, action, respond, client } = args;
    await ack();
    await deps.track(
      (async () => {
        const value = action.type === 'button' ? (action.value ?? '') : '';
        const channel = body.channel?.id ?? body.container?.channel_id;
        const ctx = await context({ user: body.user.id, team: body.team?.id, channel });
        const reply = await dispatcher.dispatchText(value, ctx);
        await replyViaResponseUrl(respond, client, channel, render(reply), log);
      })(),
    );
  });

  // The dispatcher never throws; this catches delivery failures (Slack down, response_url expired).
  app.error(async (err) => {
    const original = (err as { original?: unknown }).original ?? err;
    log.error({ err: original, slack: errorSummary(original) }, 'slack listener failed');
  });
}
