/**
 * A workspace removed the app (app_uninstalled) or revoked its bot token (tokens_revoked): forget
 * its installation and stop everything that would post there: its channels' digests, its users'
 * alerts, and whatever is still waiting in the outbox for it. One transaction, one log line.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import {
  deleteInstallations,
  stopSlackWorkspace,
  type WorkspaceStops,
} from '../../../db/repositories/slack-installations.js';

export type UninstallResult = WorkspaceStops;

export async function uninstallWorkspace(
  orm: MikroORM,
  log: Logger,
  workspace: { teamId?: string; enterpriseId?: string; reason: 'app_uninstalled' | 'tokens_revoked' },
): Promise<UninstallResult> {
  const teamId = workspace.teamId ?? '';
  const reason = `the workspace ${workspace.reason === 'app_uninstalled' ? 'uninstalled the app' : 'revoked the token'}`;
  const result = await orm.em.fork().transactional(async (em) => {
    await deleteInstallations(em, [
      `T:${teamId}`,
      ...(workspace.enterpriseId ? [`E:${workspace.enterpriseId}`] : []),
    ]);
    return stopSlackWorkspace(em, teamId, reason);
  });
  log.info(
    { teamId, reason: workspace.reason, ...result },
    'slack workspace removed the app: its digests and alerts are stopped',
  );
  return result;
}
