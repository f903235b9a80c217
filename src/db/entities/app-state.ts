import { defineEntity } from '@mikro-orm/core';

/** A fact the whole service shares across processes, by key (see repositories/app-state.ts). */
export const AppState = defineEntity({
  name: 'AppState',
  tableName: 'app_state',
  properties: (p) => ({
    key: p.string().primary(),
    value: p.json<Record<string, unknown>>(),
    updatedAt: p.datetime().defaultRaw('now()'),
  }),
});
