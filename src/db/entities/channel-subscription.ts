import { defineEntity } from '@mikro-orm/core';

/** A channel's daily digest: when (local time in its zone) and optionally one theme. */
export const ChannelSubscription = defineEntity({
  name: 'ChannelSubscription',
  tableName: 'channel_subscriptions',
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    platform: p.string(),
    workspaceId: p.string(),
    channelId: p.string(),
    /** HH:MM[:SS] */
    digestTime: p.time(),
    timeZone: p.string(),
    theme: p.string().nullable(),
    createdBy: p.string().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});
