import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';

/**
 * Makes the database admit these chat platforms: users, channels, preferences and outbox rows
 * reference `chat_platforms`, so a name no platform registered (a typo, a test's made-up one) is
 * refused. Idempotent, and safe when several replicas start at once.
 */
export async function registerPlatforms(em: EntityManager, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await query(
    em,
    'insert into chat_platforms (name) select unnest(?::text[]) on conflict (name) do nothing',
    [names],
  );
}
