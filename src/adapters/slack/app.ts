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
import type { InstallationStore } from '@slack/oauth';
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import type { InvocationContext } from '../../core/command.js';
import type { Dispatcher } from '../../core/dispatch.js';
import { limiter, REPLY_CONCURRENCY } from '../../core/limiter.js';
import { leanFetch, leanRequest } from '../../http/lean-fetch.js';
import { LISTEN_BACKLOG } from '../../http/server.js';
import { log as rootLog } from '../../log.js';
import { type AdminCheck, createAdminCheck } from './admin-check.js';
import { boltLogger } from './bolt-logger.js';
import { asksForImport, downloadSharedFile, type SharedFile } from './file-import.js';
import { SLACK_BOT_SCOPES, SLACK_INSTALL_PATH, SLACK_REDIRECT_PATH } from './oauth/scopes.js';
import { mentionText, slashCommandText } from './parse.js';
import { slackPlatform } from './platform.js';
import { ACTION_ID_PREFIX, render } from './render.js';
import { errorSummary, type Respond, replyInChannel, replyViaResponseUrl, respondVia } from './reply.js';
import { refuseFutureTimestamps } from './request-timestamp.js';
import { type SlashCommand, slashCommandsFirst } from './slash-receiver.js';

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
  /** Replies worked on at once; more wait in line after their ack (see core/limiter.ts). */
  concurrency?: number;
  /** "Add to Slack" mode (config.slack.oauth): where installations are kept. */
  installationStore?: InstallationStore;
  /** A workspace uninstalled the app or revoked its token. */
  onUninstall?: (workspace: {
    teamId?: string;
    enterpriseId?: string;
    reason: 'app_uninstalled' | 'tokens_revoked';
  }) => Promise<unknown>;
}

export interface SlackAdapter {
  readonly port: number;
  readonly app: App;
  /** The bot token of a workspace: the fixed one, or its installation's (refreshed when rotation is on). */
  tokenFor(workspace: { teamId: string }): Promise<string>;
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
  const limit = limiter(opts.concurrency ?? REPLY_CONCURRENCY);
  const logger = boltLogger(log);

  const oauth = slack.oauth;
  if (oauth && !opts.installationStore) throw new Error('Slack OAuth needs an installation store');
  const apiOptions = slack.apiUrl ? { slackApiUrl: slack.apiUrl } : {};
  const receiver = new HTTPReceiver({
    signingSecret: slack.signingSecret,
    endpoints: SLACK_EVENTS_PATH,
    customRoutes: opts.routes ?? [],
    logger,
    ...(oauth
      ? {
          clientId: oauth.clientId,
          clientSecret: oauth.clientSecret,
          stateSecret: oauth.stateSecret,
          scopes: [...SLACK_BOT_SCOPES],
          installationStore: opts.installationStore,
          installerOptions: {
            installPath: SLACK_INSTALL_PATH,
            redirectUriPath: SLACK_REDIRECT_PATH,
            // The "Add to Slack" link goes straight to Slack's consent page.
            directInstall: true,
            // oauth.v2.access (the code exchange and token refresh) goes where the Web API goes.
            clientOptions: apiOptions,
          },
        }
      : {}),
  });
  const request = leanRequest();
  const app = new App({
    ...(oauth ? {} : { token: slack.botToken }),
    receiver,
    logger,
    deferInitialization: true,
    clientOptions: {
      ...apiOptions,
      fetch: leanFetch(request),
      retryConfig: INTERACTIVE_RETRIES,
      timeout: 10_000,
      ...opts.clientOptions,
    },
  });
  const isAdmin = createAdminCheck({ adminUserIds: slack.adminUserIds, log });
  const listenerDeps: ListenerDeps = { dispatcher: opts.dispatcher, log, isAdmin, track };
  registerListeners(app, listenerDeps);
  registerUninstall(app, log, opts.onUninstall);
  // With one bot token, slash commands skip Bolt (slash-receiver.ts); an app installed in many
  // workspaces needs Bolt's authorization to find each one's token, so it keeps Bolt's path.
  const boltListener = receiver.requestListener;
  const listener = oauth
    ? boltListener
    : slashCommandsFirst({
        path: SLACK_EVENTS_PATH,
        signingSecret: slack.signingSecret,
        next: boltListener,
        onRefused: () => log.warn('refused a Slack slash command with a bad signature or timestamp'),
        onCommand: (command) => {
          track(() =>
            answerSlashCommand(listenerDeps, command, app.client, respondVia(request, command)),
          ).catch((err: unknown) => log.error({ err, slack: errorSummary(err) }, 'slack listener failed'));
        },
      });
  receiver.requestListener = refuseFutureTimestamps(SLACK_EVENTS_PATH, listener, () =>
    log.warn('refused a Slack request dated more than 5 minutes in the future'),
  );

  try {
    await app.init(); // auth.test: a bad token fails here, at start-up, not on the first command
    // Installed workspaces each have their own token, checked when Slack hands it over.
    if (!oauth) {
      const me = await app.client.auth.test();
      state.botUserId = me.user_id;
    }
  } catch (err) {
    state.status = 'failed';
    state.error = `auth.test failed (${errorSummary(err).slackError ?? errorSummary(err).code ?? 'no answer'})`;
    throw new Error(`Slack: ${state.error}; check SLACK_BOT_TOKEN and SLACK_API_URL`);
  }
  const installer = receiver.installer;
  async function tokenFor(workspace: { teamId: string }): Promise<string> {
    if (!installer) return slack?.botToken ?? '';
    const auth = await installer.authorize({
      teamId: workspace.teamId,
      enterpriseId: undefined,
      isEnterpriseInstall: false,
    });
    if (!auth.botToken) throw new Error('the installation has no bot token');
    return auth.botToken;
  }
  const server = (await app.start({
    port: opts.port ?? opts.config.httpPort,
    backlog: LISTEN_BACKLOG,
  })) as Server;
  state.status = 'running';
  const port = (server.address() as AddressInfo).port;
  log.info(
    { port, path: SLACK_EVENTS_PATH, botUserId: state.botUserId, mode: oauth ? 'oauth' : 'single-token' },
    'slack adapter listening',
  );

  /**
   * Queues a reply's work behind the ack (at most `concurrency` at once), and keeps its promise
   * until it settles, so that stop() can let it finish.
   */
  function track(work: () => Promise<void>): Promise<void> {
    const queued = limit(work);
    inFlight.add(queued);
    return queued.finally(() => inFlight.delete(queued));
  }

  return {
    port,
    app,
    tokenFor,
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
  dispatcher: Dispatcher;
  log: Logger;
  isAdmin: AdminCheck;
  track(work: () => Promise<void>): Promise<void>;
}

async function invocationContext(
  deps: ListenerDeps,
  ids: { user?: string; team?: string; channel?: string },
  client: webApi.WebClient,
): Promise<InvocationContext> {
  return {
    platform: slackPlatform.name,
    traits: slackPlatform,
    userId: ids.user,
    workspaceId: ids.team,
    channelId: ids.channel,
    isAdmin: await deps.isAdmin(ids.user, client),
  };
}

/** A slash command, after its ack: dispatch its text and answer through its response_url. */
async function answerSlashCommand(
  deps: ListenerDeps,
  command: SlashCommand,
  client: webApi.WebClient,
  respond: Respond,
): Promise<void> {
  const ctx = await invocationContext(
    deps,
    { user: command.user_id, team: command.team_id, channel: command.channel_id },
    client,
  );
  const text = slashCommandText(command.text);
  const reply = await deps.dispatcher.dispatchText(text, ctx);
  // `/minifig` alone asks for help: that is for the asker, not the whole channel.
  const shown = text.trim() === '' ? { ...reply, ephemeral: true } : reply;
  await replyViaResponseUrl(respond, client, command.channel_id, render(shown), deps.log);
}

function registerListeners(app: App, deps: ListenerDeps): void {
  const { dispatcher, log } = deps;
  const context = (ids: { user?: string; team?: string; channel?: string }, client: webApi.WebClient) =>
    invocationContext(deps, ids, client);

  // Any slash command routed here is ours: the workspace may have named it other than /minifig.
  app.command(/^\/.+/, async ({ command, ack, respond, client }) => {
    await ack();
    await deps.track(() => answerSlashCommand(deps, command, client, respond));
  });

  app.event('app_mention', async ({ event, client, context: boltContext }) => {
    // Slack re-sends an event it thinks timed out; the first delivery is already being answered.
    if (boltContext.retryReason === 'http_timeout') return;
    await deps.track(async () => {
      const text = mentionText(
        event.text,
        dispatcher.commands.map((c) => c.name),
      );
      const ctx = await context({ user: event.user, team: event.team, channel: event.channel }, client);
      const reply = await dispatcher.dispatchText(text, ctx);
      const target = { channel: event.channel, user: event.user, threadTs: event.thread_ts };
      await replyInChannel(client, target, render(reply), log);
    });
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
    await deps.track(async () => {
      const ctx = await context({ user: message.user, team: message.team, channel: message.channel }, client);
      // The installation's token (Bolt puts it in the context, one workspace or many).
      const attached = await downloadSharedFile(file, boltContext.botToken ?? '', log);
      const reply = await dispatcher.dispatch(
        { command: 'watch', subcommand: 'import', options: { file: attached } },
        ctx,
      );
      // Only the asker is in a direct message: an ordinary message is as private as it gets.
      await replyInChannel(client, { channel: message.channel }, render({ ...reply, ephemeral: false }), log);
    });
  });

  app.action({ type: 'block_actions', action_id: new RegExp(`^${ACTION_ID_PREFIX}`) }, async (args) => {
    const { ack, body, action, respond, client } = args;
    await ack();
    await deps.track(async () => {
      const value = action.type === 'button' ? (action.value ?? '') : '';
      const channel = body.channel?.id ?? body.container?.channel_id;
      const ctx = await context({ user: body.user.id, team: body.team?.id, channel }, client);
      const reply = await dispatcher.dispatchText(value, ctx);
      await replyViaResponseUrl(respond, client, channel, render(reply), log);
    });
  });

  // The dispatcher never throws; this catches delivery failures (Slack down, response_url expired).
  app.error(async (err) => {
    const original = (err as { original?: unknown }).original ?? err;
    log.error({ err: original, slack: errorSummary(original) }, 'slack listener failed');
  });
}

/**
 * Uninstalls and revoked bot tokens. Slack sends both when an app is removed; the second finds
 * nothing left to do. A user token revoked alone changes nothing for a bot.
 */
function registerUninstall(app: App, log: Logger, onUninstall: SlackAppOptions['onUninstall']): void {
  if (!onUninstall) return;
  const run = async (workspace: Parameters<typeof onUninstall>[0]) => {
    try {
      await onUninstall(workspace);
    } catch (err) {
      log.error({ err, teamId: workspace.teamId }, 'could not remove an uninstalled slack workspace');
    }
  };
  app.event('app_uninstalled', async ({ body }) => {
    await run({ teamId: body.team_id, enterpriseId: body.enterprise_id, reason: 'app_uninstalled' });
  });
  app.event('tokens_revoked', async ({ event, body }) => {
    if ((event.tokens.bot ?? []).length === 0) return;
    await run({ teamId: body.team_id, enterpriseId: body.enterprise_id, reason: 'tokens_revoked' });
  });
}
