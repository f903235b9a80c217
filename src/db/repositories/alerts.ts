/**
 * Users, alerts and watchlists as the chat commands manage them. A user is created on first use
 * (platform + workspace + user id). Evaluation lives in ./alert-evaluation.ts and ./deal-evaluation.ts.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertKind, ChangeDirection } from '../../alerts/types.js';
import type { Condition } from '../../deps.js';
import { query } from './analytics-sql.js';

export interface ChatUserKey {
  platform: string;
  workspaceId: string;
  userId: string;
}

export interface NewAlert {
  minifigureId: string;
  kind: AlertKind;
  condition: Condition;
  threshold: number;
  direction: ChangeDirection | null;
  periodDays: number | null;
  hysteresis: number;
  /** below/above: the threshold's currency; USD otherwise. */
  currency: string;
  /** Where it goes: the user's DMs, or this channel. */
  channelId: string | null;
}

export interface StoredAlert {
  id: string;
  kind: AlertKind;
  condition: Condition;
  threshold: number;
  currency: string;
  direction: ChangeDirection | null;
  periodDays: number | null;
  channelId: string | null;
  state: 'armed' | 'fired';
  fireCount: number;
  lastFiredAt: Date | null;
  createdAt: Date;
  figure: { id: string; itemNo: string; name: string; theme: string | null; year: number | null };
}

/** The user's row id, created on first use. */
export async function ensureChatUser(em: EntityManager, user: ChatUserKey): Promise<string> {
  const [row] = await query<{ id: string }[]>(
    em,
    `with found as (
       select id from chat_users where platform = ? and workspace_id = ? and user_id = ?
     ), made as (
       insert into chat_users (platform, workspace_id, user_id)
       select ?, ?, ? where not exists (select 1 from found)
       on conflict (platform, workspace_id, user_id) do nothing
       returning id
     )
     select id::text as id from found union all select id::text from made`,
    [user.platform, user.workspaceId, user.userId, user.platform, user.workspaceId, user.userId],
  );
  if (row) return row.id;
  // Lost a race with a concurrent first use: the row exists now.
  const [again] = await query<{ id: string }[]>(
    em,
    'select id::text as id from chat_users where platform = ? and workspace_id = ? and user_id = ?',
    [user.platform, user.workspaceId, user.userId],
  );
  return (again as { id: string }).id;
}

export type AddAlertResult = { added: StoredAlert } | { limitReached: number };

/**
 * Adds an alert unless the user already has `limit` active ones. The user's row is locked for the
 * check and the insert, so two adds at once cannot both take the last slot.
 */
export async function addAlert(
  em: EntityManager,
  user: ChatUserKey,
  alert: NewAlert,
  limit: number,
): Promise<AddAlertResult> {
  return em.transactional(async (tx) => {
    const userRowId = await ensureChatUser(tx, user);
    await query(tx, 'select id from chat_users where id = ? for update', [userRowId]);
    const [count] = await query<{ n: number }[]>(
      tx,
      'select count(*)::int as n from alerts where user_id = ? and removed_at is null',
      [userRowId],
    );
    if ((count?.n ?? 0) >= limit) return { limitReached: count?.n ?? limit };
    const [row] = await query<{ id: string }[]>(
      tx,
      `insert into alerts (user_id, minifigure_id, kind, condition, threshold, direction, period_days, hysteresis,
                           target_kind, target_channel_id, currency)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id::text as id`,
      [
        userRowId,
        alert.minifigureId,
        alert.kind,
        alert.condition,
        alert.threshold,
        alert.direction,
        alert.periodDays,
        alert.hysteresis,
        alert.channelId ? 'channel' : 'dm',
        alert.channelId,
        alert.currency,
      ],
    );
    const [added] = await selectAlerts(tx, 'a.id = ?', [(row as { id: string }).id]);
    return { added: added as StoredAlert };
  });
}

/** The user's active alerts, oldest first. */
export async function listAlerts(em: EntityManager, user: ChatUserKey): Promise<StoredAlert[]> {
  return selectAlerts(
    em,
    `u.platform = ? and u.workspace_id = ? and u.user_id = ? and a.removed_at is null`,
    [user.platform, user.workspaceId, user.userId],
  );
}

/** Removes one of the user's own alerts (kept, marked removed, for the firing history). */
export async function removeAlert(
  em: EntityManager,
  user: ChatUserKey,
  alertId: string,
): Promise<StoredAlert | null> {
  if (!/^\d{1,18}$/.test(alertId)) return null;
  const [found] = await selectAlerts(
    em,
    `a.id = ? and u.platform = ? and u.workspace_id = ? and u.user_id = ? and a.removed_at is null`,
    [alertId, user.platform, user.workspaceId, user.userId],
  );
  if (!found) return null;
  await query(em, 'update alerts set removed_at = now() where id = ? and removed_at is null', [alertId]);
  return found;
}

async function selectAlerts(em: EntityManager, where: string, params: unknown[]): Promise<StoredAlert[]> {
  const rows = await query<(Omit<StoredAlert, 'figure' | 'threshold'> & Record<string, unknown>)[]>(
    em,
    `select a.id::text as id, a.kind, a.condition, a.threshold::float8 as threshold, a.currency, a.direction,
            a.period_days as "periodDays", a.target_channel_id as "channelId", a.state, a.fire_count as "fireCount",
            a.last_fired_at as "lastFiredAt", a.created_at as "createdAt",
            f.id as "figureId", f.set_number as "itemNo", f.name, f.theme, f.year_released as year
     from alerts a join chat_users u on u.id = a.user_id join minifigures f on f.id = a.minifigure_id
     where ${where}
     order by a.id`,
    params,
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    condition: r.condition,
    threshold: Number(r.threshold),
    currency: r.currency,
    direction: r.direction,
    periodDays: r.periodDays,
    channelId: r.channelId,
    state: r.state,
    fireCount: r.fireCount,
    lastFiredAt: r.lastFiredAt ? new Date(r.lastFiredAt) : null,
    createdAt: new Date(r.createdAt),
    figure: {
      id: r.figureId as string,
      itemNo: r.itemNo as string,
      name: r.name as string,
      theme: (r.theme as string | null) ?? null,
      year: (r.year as number | null) ?? null,
    },
  }));
}
