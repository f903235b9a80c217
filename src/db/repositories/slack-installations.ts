/**
 * Slack installations (one sealed row per workspace or enterprise, see
 * adapters/slack/oauth/installation-store.ts) and what a workspace leaving removes with them.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface InstallationRow {
  installKey: string;
  teamId: string | null;
  enterpriseId: string | null;
  botUserId: string | null;
  /** The encrypted Installation. */
  sealed: string;
}

export async function saveInstallation(em: EntityManager, row: InstallationRow): Promise<void> {
  await query(
    em,
    `insert into slack_installations (install_key, team_id, enterprise_id, bot_user_id, installation)
     values (?, ?, ?, ?, ?)
     on conflict (install_key) do update
       set team_id = excluded.team_id, enterprise_id = excluded.enterprise_id,
           bot_user_id = excluded.bot_user_id, installation = excluded.installation, updated_at = now()`,
    [row.installKey, row.teamId, row.enterpriseId, row.botUserId, row.sealed],
  );
}

/** The sealed installation stored under `installKey`, if any. */
export async function sealedInstallation(em: EntityManager, installKey: string): Promise<string | null> {
  const [row] = await query<{ installation: string }[]>(
    em,
    'select installation from slack_installations where install_key = ?',
    [installKey],
  );
  return row?.installation ?? null;
}

export async function deleteInstallations(em: EntityManager, installKeys: string[]): Promise<void> {
  await query(em, 'delete from slack_installations where install_key = any(?::text[])', [installKeys]);
}

export async function countInstallations(em: EntityManager): Promise<number> {
  const [row] = await query<{ n: string }[]>(em, 'select count(*) as n from slack_installations');
  return Number(row?.n ?? 0);
}

export interface WorkspaceStops {
  digestsStopped: number;
  alertsStopped: number;
  notificationsCancelled: number;
}

/**
 * Stops everything that would post to a Slack workspace: its channels' digests are deleted, its
 * users' alerts marked removed, and what still waits in the outbox failed with `reason`.
 */
export async function stopSlackWorkspace(
  em: EntityManager,
  teamId: string,
  reason: string,
): Promise<WorkspaceStops> {
  const digests = await query<{ id: string }[]>(
    em,
    `delete from channel_subscriptions where platform = 'slack' and workspace_id = ? returning id`,
    [teamId],
  );
  const alerts = await query<{ id: string }[]>(
    em,
    `update alerts set removed_at = now()
      where removed_at is null
        and user_id in (select id from chat_users where platform = 'slack' and workspace_id = ?)
      returning id`,
    [teamId],
  );
  const outbox = await query<{ id: string }[]>(
    em,
    `update notifications set status = 'failed', last_error = ?, claim_token = null, lease_until = null
      where platform = 'slack' and workspace_id = ? and status in ('pending', 'sending')
      returning id`,
    [reason, teamId],
  );
  return {
    digestsStopped: digests.length,
    alertsStopped: alerts.length,
    notificationsCancelled: outbox.length,
  };
}
