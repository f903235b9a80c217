/**
 * A workspace removed the app (app_uninstalled) or revoked its bot token (tokens_revoked): forget
 * its installation and stop everything that would post there: its channels' digests, its users'
 * alerts, and whatever is still waiting in the outbox for it. One transaction, one log line.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';

export interface UninstallResult {
  digestsStopped: number;
  alertsStopped: number;
  notificationsCancelled: number;
}

export async function uninstallWorkspace(
  orm: MikroORM,
  log: Logger,
  workspace: { teamId?: string; enterpriseId?: string; reason: 'app_uninstalled' | 'tokens_revoked' },
): Promise<UninstallResult> {
  const teamId = workspace.teamId ?? '';
  const result = await orm.em.fork().transactional(async (em) => {
    await em.execute('delete from slack_installations where install_key in (?, ?)', [
      `T:${teamId}`,
      workspace.enterpriseId ? `E:${workspace.enterpriseId}` : `T:${teamId}`,
    ]);
    const digests = await em.execute<{ id: string }[]>(
      `delete from channel_subscriptions where platform = 'slack' and workspace_id = ? returning id`,
      [teamId],
    );
    const alerts = await em.execute<{ id: string }[]>(
      `update alerts set removed_at = now()
        where removed_at is null
          and user_id in (select id from chat_users where platform = 'slack' and workspace_id = ?)
        returning id`,
      [teamId],
    );
    const outbox = await em.execute<{ id: string }[]>(
      `update notifications set status = 'failed', last_error = ?, claim_token = null, lease_until = null
        where platform = 'slack' and workspace_id = ? and status in ('pending', 'sending')
        returning id`,
      [
        `the workspace ${workspace.reason === 'app_uninstalled' ? 'uninstalled the app' : 'revoked the token'}`,
        teamId,
      ],
    );
    return {
      digestsStopped: digests.length,
      alertsStopped: alerts.length,
      notificationsCancelled: outbox.length,
    };
  });
  log.info(
    { teamId, reason: workspace.reason, ...result },
    'slack workspace removed the app: its digests and alerts are stopped',
  );
  return result;
}
