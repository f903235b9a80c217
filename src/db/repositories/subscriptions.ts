import type { InferEntity } from '@mikro-orm/core';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { ChannelSubscription } from '../entities/channel-subscription.js';
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

type SubscriptionRow = InferEntity<typeof ChannelSubscription>;

function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: String(r.id),
    platform: r.platform,
    workspaceId: r.workspaceId,
    channelId: r.channelId,
    digestTime: r.digestTime.slice(0, 5),
    timeZone: r.timeZone,
    theme: r.theme ?? null,
    createdBy: r.createdBy ?? null,
    createdAt: new Date(r.createdAt),
  };
}

/** Subscribes a channel to the daily digest, or changes its time, zone and theme. */
export async function upsertSubscription(
  em: EntityManager,
  channel: ChannelKey,
  settings: { digestTime: string; timeZone: string; theme: string | null; createdBy: string | null },
): Promise<{ subscription: Subscription; created: boolean }> {
  const key = { platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId };
  const changes = { digestTime: settings.digestTime, timeZone: settings.timeZone, theme: settings.theme };
  const existing = await em.findOne(ChannelSubscription, key, { refresh: true });
  if (existing) {
    em.assign(existing, changes);
    await em.flush();
    return { subscription: toSubscription(existing), created: false };
  }
  const made = em.create(ChannelSubscription, { ...key, ...changes, createdBy: settings.createdBy });
  try {
    await em.flush();
  } catch (err) {
    // Subscribed from elsewhere at the same moment: theirs stays, with these settings.
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    em.clear();
    return upsertSubscription(em, channel, settings);
  }
  await em.refresh(made);
  return { subscription: toSubscription(made), created: true };
}

export async function deleteSubscription(em: EntityManager, channel: ChannelKey): Promise<boolean> {
  const removed = await em.nativeDelete(ChannelSubscription, {
    platform: channel.platform,
    workspaceId: channel.workspaceId,
    channelId: channel.channelId,
  });
  return removed > 0;
}

export async function findSubscription(em: EntityManager, channel: ChannelKey): Promise<Subscription | null> {
  const found = await em.findOne(
    ChannelSubscription,
    { platform: channel.platform, workspaceId: channel.workspaceId, channelId: channel.channelId },
    { disableIdentityMap: true },
  );
  return found ? toSubscription(found) : null;
}

/** Every subscription, for the digest job (a few thousand rows at most). */
export async function allSubscriptions(em: EntityManager): Promise<Subscription[]> {
  const rows = await em.find(ChannelSubscription, {}, { orderBy: { id: 'asc' }, disableIdentityMap: true });
  return rows.map(toSubscription);
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
