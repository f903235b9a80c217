import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

export interface ChannelKey {
  platform: string;
  workspaceId: string;
  channelId: string;
}

export interface Subscription extends ChannelKey {
  id: string;
  /** HH:MM, local to `timeZone`. */
  digestTime: string;
  /** IANA name, e.g. Europe/Berlin. */
  timeZone: string;
  theme: string | null;
  createdBy: string | null;
  createdAt: Date;
}

const COLUMNS = `id::text as id, platform, workspace_id as "workspaceId", channel_id as "channelId",
  to_char(digest_time, 'HH24:MI') as "digestTime", time_zone as "timeZone", theme, created_by as "createdBy",
  created_at as "createdAt"`;

/** Subscribes a channel to the daily digest, or changes its time, zone and theme. */
export async function upsertSubscription(
  em: EntityManager,
  channel: ChannelKey,
  settings: { digestTime: string; timeZone: string; theme: string | null; createdBy: string | null },
): Promise<{ subscription: Subscription; created: boolean }> {
  const [row] = await query<(Subscription & { created: boolean })[]>(
    em,
    `insert into channel_subscriptions (platform, workspace_id, channel_id, digest_time, time_zone, theme, created_by)
     values (?, ?, ?, ?::time, ?, ?, ?)
     on conflict (platform, workspace_id, channel_id) do update
       set digest_time = excluded.digest_time, time_zone = excluded.time_zone, theme = excluded.theme
     returning ${COLUMNS}, (xmax = 0) as created`,
    [
      channel.platform,
      channel.workspaceId,
      channel.channelId,
      settings.digestTime,
      settings.timeZone,
      settings.theme,
      settings.createdBy,
    ],
  );
  const { created, ...subscription } = row as Subscription & { created: boolean };
  return { subscription: { ...subscription, createdAt: new Date(subscription.createdAt) }, created };
}

export async function deleteSubscription(em: EntityManager, channel: ChannelKey): Promise<boolean> {
  const rows = await query<{ id: string }[]>(
    em,
    `delete from channel_subscriptions where platform = ? and workspace_id = ? and channel_id = ? returning id`,
    [channel.platform, channel.workspaceId, channel.channelId],
  );
  return rows.length > 0;
}

export async function findSubscription(em: EntityManager, channel: ChannelKey): Promise<Subscription | null> {
  const [row] = await query<Subscription[]>(
    em,
    `select ${COLUMNS} from channel_subscriptions where platform = ? and workspace_id = ? and channel_id = ?`,
    [channel.platform, channel.workspaceId, channel.channelId],
  );
  return row ? { ...row, createdAt: new Date(row.createdAt) } : null;
}

/** Every subscription, for the digest job (a few thousand rows at most). */
export async function allSubscriptions(em: EntityManager): Promise<Subscription[]> {
  const rows = await query<Subscription[]>(em, `select ${COLUMNS} from channel_subscriptions order by id`);
  return rows.map((r) => ({ ...r, createdAt: new Date(r.createdAt) }));
}

/** Which of these dedupe keys already have an outbox row. */
export async function existingDedupeKeys(em: EntityManager, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await query<{ k: string }[]>(
    em,
    `select dedupe_key as k from notifications where dedupe_key in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(keys)],
  );
  return new Set(rows.map((r) => r.k));
}
