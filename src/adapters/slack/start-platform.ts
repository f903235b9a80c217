import type { PlatformContext, RunningPlatform } from '../platform.js';
import { PostgresInstallationStore, startSlack, uninstallWorkspace } from './index.js';

/**
 * Bolt's receiver owns the HTTP port; the app's other routes (/healthz, Discord over HTTP) are
 * custom routes on it. With OAuth, installations live in PostgreSQL, one token per workspace.
 */
export async function startSlackPlatform(ctx: PlatformContext): Promise<RunningPlatform> {
  const { orm, log } = ctx;
  const oauth = ctx.config.slack?.oauth;
  const slack = await startSlack({
    config: ctx.config,
    dispatcher: ctx.dispatcher,
    log,
    routes: ctx.routes,
    ...(oauth
      ? {
          installationStore: new PostgresInstallationStore(orm, oauth.tokenKey),
          onUninstall: (workspace) => uninstallWorkspace(orm, log, workspace),
        }
      : {}),
  });
  return {
    port: slack.port,
    state: () => slack.state().status,
    stop: () => slack.stop(),
    send: slack.send,
    minIntervalPerTargetMs: slack.minIntervalPerTargetMs,
  };
}
