import pg from 'pg';

/**
 * Creates `database` on the server at `adminUrl` unless it exists. CREATE DATABASE has no IF NOT
 * EXISTS; a concurrent creator is fine too.
 */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (rowCount === 0) {
      await client
        .query(`create database ${pg.escapeIdentifier(database)}`)
        .catch((err: { code?: string }) => {
          if (err.code !== '42P04') throw err; // duplicate_database: someone else created it meanwhile
        });
    }
  } finally {
    await client.end();
  }
}
