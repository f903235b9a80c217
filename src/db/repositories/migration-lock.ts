import pg from 'pg';

/** A stable key in the same namespace as the job locks (see job-locks.ts). */
const MIGRATION_LOCK = `select pg_advisory_lock(hashtextextended('minifig-stonks:migrate', 0))`;

/**
 * Runs `work` while holding the migration lock of the database at `url`. Replicas started together
 * would otherwise apply the same migration at once and fail on each other's tables: the first takes
 * a session advisory lock, the others wait for it and then find nothing pending. The lock lives on
 * its own connection, released when that closes (also if the process dies).
 */
export async function whileHoldingMigrationLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(MIGRATION_LOCK);
    return await work();
  } finally {
    await client.end().catch(() => {});
  }
}
