import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Makes the database admit these chat platforms: users, channels, preferences and outbox rows
 * reference `chat_platforms`, so a name no platform registered (a typo, a test's made-up one) is
 * refused. Idempotent, and safe when several replicas start at once.
 */
export async function registerPlatforms(em: EntityManager, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await em.execute(
    `insert into chat_platforms (name) values ${names.map(() => '(?)').join(', ')} on conflict (name) do nothing`,
    [...names],
  );
}

/** The platforms the database admits, by name. */
export async function registeredPlatforms(em: EntityManager): Promise<string[]> {
  const rows = await em.execute<{ name: string }[]>('select name from chat_platforms order by name');
  return rows.map((r) => r.name);
}
