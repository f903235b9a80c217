import pg from 'pg';

/** The lock key: a stable 64-bit number per job name, namespaced so other advisory locks never collide. */
const LOCK_SQL = `select pg_try_advisory_lock(hashtextextended('minifig-stonks:job:' || $1, 0)) as locked`;

export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Takes a job's session-level advisory lock on a connection of its own (not a pooled one: the lock
 * must outlive every transaction of the run). Null when another session holds it. Closing the
 * session releases the lock, also if the process dies.
 */
export async function tryJobLock(url: string, name: string): Promise<HeldLock | null> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(LOCK_SQL, [name]);
    if (!rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  return { release: () => client.end() };
}
