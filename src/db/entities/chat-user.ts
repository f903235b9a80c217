import { defineEntity } from '@mikro-orm/core';

/**
 * A person on a chat platform, created on first use of an alert or watch command. `platform`
 * references `chat_platforms` (registered at start); (platform, workspaceId, userId) is unique.
 */
export const ChatUser = defineEntity({
  name: 'ChatUser',
  tableName: 'chat_users',
  uniques: [{ name: 'chat_users_identity_unique', properties: ['platform', 'workspaceId', 'userId'] }],
  properties: (p) => ({
    id: p.bigint('string').primary().autoincrement(),
    platform: p.string(),
    workspaceId: p.string().default(''),
    userId: p.string(),
    createdAt: p.datetime().defaultRaw('now()'),
  }),
});
