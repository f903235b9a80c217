import type { EntityManager } from '@mikro-orm/postgresql';
import { AppState } from '../entities/app-state.js';

/** The keys of app_state and what each holds. */
export interface AppStateValues {
  /** Present while the bundled demo prices are in the database. */
  demo: { loadedAt: string; listings: number };
  /** The last start of a scheduler, so that status can tell "not run yet" from "stuck". */
  scheduler: { startedAt: string; host: string; pid: number };
}
export type AppStateKey = keyof AppStateValues;

export async function readAppState<K extends AppStateKey>(
  em: EntityManager,
  key: K,
): Promise<AppStateValues[K] | null> {
  // refresh: another process may have changed it since this EntityManager last read it.
  const row = await em.findOne(AppState, { key }, { refresh: true });
  return (row?.value as AppStateValues[K] | undefined) ?? null;
}

export async function writeAppState<K extends AppStateKey>(
  em: EntityManager,
  key: K,
  value: AppStateValues[K],
): Promise<void> {
  await em.upsert(AppState, { key, value, updatedAt: new Date() });
}

/**
 * A SQL expression for the `demo` mark of an outbox payload: true while demo prices are loaded, so
 * that an alert or digest made from them says so however late it is delivered.
 */
export const DEMO_MARK_SQL = `(case when exists (select 1 from app_state where key = 'demo')
  then '{"demo": true}'::jsonb else '{}'::jsonb end)`;
