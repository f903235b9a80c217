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

/**
 * The data directory of the PostgreSQL on 127.0.0.1:`port`, asked with these credentials before any
 * pool exists. Rejects as pg does (ECONNREFUSED when nothing listens).
 */
export async function dataDirectoryAt(
  port: number,
  user: string,
  password: string,
): Promise<string | undefined> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user,
    password,
    database: 'postgres',
    connectionTimeoutMillis: 1000,
  });
  // A server that drops the connection later must not crash the process through an unhandled 'error'.
  client.on('error', () => {});
  try {
    await client.connect();
    const { rows } = await client.query<{ data_directory: string }>('show data_directory');
    return rows[0]?.data_directory;
  } finally {
    await client.end().catch(() => {});
  }
}
