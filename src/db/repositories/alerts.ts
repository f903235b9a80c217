/**
 * Chat users and their alerts as the chat commands manage them, through the ChatUser and Alert
 * entities. A user is created on first use (platform + workspace + user id). Evaluation is
 * set-based SQL in ./alert-evaluation.ts and ./deal-evaluation.ts.
 */
import { type FilterQuery, type InferEntity, LockMode, sql } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AlertKind, ChangeDirection } from '../../alerts/types.js';
import type { FigureRef } from '../../core/figure.js';
import type { Condition } from '../../deps.js';
import { Alert } from '../entities/alert.js';
import { ChatUser } from '../entities/chat-user.js';
import type { Minifigure } from '../entities/minifigure.js';

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
  figure: FigureRef;
}

/**
 * The user's row id, created on first use, locked (`for update`) until `tx` ends: adds that check
 * a per-user limit take this first, so two at once cannot both take the last slot.
 */
export async function lockChatUser(tx: EntityManager, user: ChatUserKey): Promise<string> {
  const locked = { fields: ['id'], lockMode: LockMode.PESSIMISTIC_WRITE, disableIdentityMap: true } as const;
  const found = await tx.findOne(ChatUser, userWhere(user), locked);
  if (found) return found.id;
  const id = await insertChatUser(tx, user);
  await tx.findOneOrFail(ChatUser, id, locked);
  return id;
}

/**
 * Insert ... on conflict do nothing, then the row read back: a concurrent first use (which wins the
 * insert) gives both the same row without failing either transaction.
 */
async function insertChatUser(em: EntityManager, user: ChatUserKey): Promise<string> {
  const made = await em.upsert(
    ChatUser,
    { platform: user.platform, workspaceId: user.workspaceId, userId: user.userId },
    {
      onConflictFields: ['platform', 'workspaceId', 'userId'],
      onConflictAction: 'ignore',
      disableIdentityMap: true,
    },
  );
  return made.id;
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
    const userRowId = await lockChatUser(tx, user);
    const active = await tx.count(Alert, { user: userRowId, removedAt: null });
    if (active >= limit) return { limitReached: active };
    const made = tx.create(Alert, {
      user: userRowId,
      minifigure: alert.minifigureId,
      kind: alert.kind,
      condition: alert.condition,
      threshold: alert.threshold,
      direction: alert.direction,
      periodDays: alert.periodDays,
      hysteresis: alert.hysteresis,
      targetKind: alert.channelId ? 'channel' : 'dm',
      targetChannelId: alert.channelId,
      currency: alert.currency,
    });
    await tx.flush();
    const [added] = await findAlerts(tx, { id: made.id });
    return { added: added as StoredAlert };
  });
}

/** The user's active alerts, oldest first. */
export async function listAlerts(em: EntityManager, user: ChatUserKey): Promise<StoredAlert[]> {
  return findAlerts(em, { user: userWhere(user), removedAt: null });
}

/** Removes one of the user's own alerts (kept, marked removed, for the firing history). */
export async function removeAlert(
  em: EntityManager,
  user: ChatUserKey,
  alertId: string,
): Promise<StoredAlert | null> {
  if (!/^\d{1,18}$/.test(alertId)) return null;
  const [found] = await findAlerts(em, { id: alertId, user: userWhere(user), removedAt: null });
  if (!found) return null;
  await em.nativeUpdate(Alert, { id: alertId, removedAt: null }, { removedAt: sql.now() });
  return found;
}

/** The chat user of `user`'s key, as a condition on a relation to it. */
export function userWhere(user: ChatUserKey): FilterQuery<InferEntity<typeof ChatUser>> {
  return { platform: user.platform, workspaceId: user.workspaceId, userId: user.userId };
}

async function findAlerts(
  em: EntityManager,
  where: FilterQuery<InferEntity<typeof Alert>>,
): Promise<StoredAlert[]> {
  // Read past the identity map: the evaluation job changes state and firing in another process.
  const rows = await em.find(Alert, where, {
    populate: ['minifigure'],
    orderBy: { id: 'asc' },
    disableIdentityMap: true,
  });
  return rows.map((a) => ({
    id: a.id,
    kind: a.kind,
    condition: a.condition,
    threshold: a.threshold,
    currency: a.currency,
    direction: a.direction ?? null,
    periodDays: a.periodDays ?? null,
    channelId: a.targetChannelId ?? null,
    state: a.state,
    fireCount: a.fireCount,
    lastFiredAt: a.lastFiredAt ?? null,
    createdAt: a.createdAt,
    figure: figureRefOf(a.minifigure.$),
  }));
}

/** A loaded catalogue figure as replies name it. */
export function figureRefOf(f: InferEntity<typeof Minifigure>): FigureRef {
  return {
    id: f.id,
    itemNo: f.setNumber,
    name: f.name,
    theme: f.theme ?? null,
    year: f.yearReleased ?? null,
  };
}
