import { defineEntity } from '@mikro-orm/core';

/** A user's or a channel's chat preferences (the currency so far), by platform, workspace and id. */
export const ChatPreference = defineEntity({
  name: 'ChatPreference',
  tableName: 'chat_preferences',
  properties: (p) => ({
    platform: p.string().primary(),
    workspaceId: p.string().primary(),
    scope: p.enum(['user', 'channel'] as const).primary(),
    scopeId: p.string().primary(),
    currency: p.string().nullable(),
    updatedAt: p.datetime().defaultRaw('now()'),
  }),
});
