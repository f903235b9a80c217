import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';

/** How long a users.info verdict is trusted; admin rights change rarely and users.info is rate limited. */
export const ADMIN_CACHE_MS = 10 * 60_000;

/** `client` carries the asking workspace's token (each workspace has its own when installed by OAuth). */
export type AdminCheck = (userId: string | undefined, client: webApi.WebClient) => Promise<boolean>;

/**
 * Is this Slack user an admin of the bot? Yes when listed in SLACK_ADMIN_USER_IDS, or when Slack
 * says the user is a workspace admin or owner (users.info, scope users:read). When Slack cannot
 * be asked, the answer is no: admin rights are never granted by accident.
 */
export function createAdminCheck(opts: {
  adminUserIds: readonly string[];
  log: Logger;
  now?: () => number;
}): AdminCheck {
  const listed = new Set(opts.adminUserIds);
  const cache = new Map<string, { admin: boolean; until: number }>();
  const now = opts.now ?? Date.now;
  return async (userId, client) => {
    if (!userId) return false;
    if (listed.has(userId)) return true;
    const hit = cache.get(userId);
    if (hit && hit.until > now()) return hit.admin;
    try {
      const res = await client.users.info({ user: userId });
      const admin = res.user?.is_admin === true || res.user?.is_owner === true;
      cache.set(userId, { admin, until: now() + ADMIN_CACHE_MS });
      return admin;
    } catch (err) {
      opts.log.warn(
        { userId, error: (err as { data?: { error?: string } }).data?.error },
        'slack users.info failed',
      );
      return false;
    }
  };
}
