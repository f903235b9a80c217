import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { log } from '../log.js';
import { applyRetentionPolicy, assertRetentionInterval } from './retention.js';

export interface MigrationStatus {
  executed: string[];
  pending: string[];
  timescaledb: { installed: boolean; hypertable: boolean; compressionPolicy: boolean };
}

export interface MigrateUpOptions {
  /**
   * Config.priceRetention: how long TimescaleDB keeps price_listings chunks. Undefined (the default)
   * means no retention policy, and removes one left from an earlier setting: price data is never
   * deleted unless configured.
   */
  retention?: string | undefined;
}

/**
 * Applies every pending migration, then makes the TimescaleDB retention policy match the setting
 * (a no-op on plain PostgreSQL). Returns the names of the migrations applied.
 */
export async function migrateUp(orm: MikroORM, opts: MigrateUpOptions = {}): Promise<string[]> {
  assertRetentionInterval(opts.retention); // before any change, not after the migrations
  const done = await whileHoldingMigrationLock(orm, () => orm.getMigrator().up());
  const conn = orm.em.getConnection();
  const retention = await conn.transactional((trx) =>
    applyRetentionPolicy((sql) => conn.execute(sql, [], 'all', trx), opts.retention),
  );
  if (retention.action === 'skipped' || retention.action === 'none' || retention.action === 'unchanged') {
    log.debug({ retention }, 'price retention policy');
  } else {
    log.info({ retention }, 'price retention policy changed');
  }
  return done.map((m) => m.name);
}

/** Reverts the last executed migration; returns its name, or null when none has run. */
export async function rollbackLast(orm: MikroORM): Promise<string | null> {
  const executed = await orm.getMigrator().getExecutedMigrations();
  if (executed.length === 0) return null;
  const reverted = await orm.getMigrator().down();
  return reverted[0]?.name ?? null;
}

export async function migrationStatus(orm: MikroORM): Promise<MigrationStatus> {
  const migrator = orm.getMigrator();
  const executed = (await migrator.getExecutedMigrations()).map((m) => m.name);
  const pending = (await migrator.getPendingMigrations()).map((m) => m.name);
  return { executed, pending, timescaledb: await timescaleStatus(orm) };
}

async function timescaleStatus(orm: MikroORM): Promise<MigrationStatus['timescaledb']> {
  const conn = orm.em.getConnection();
  const ext = await conn.execute(`select 1 from pg_extension where extname = 'timescaledb'`);
  if (ext.length === 0) return { installed: false, hypertable: false, compressionPolicy: false };
  const hyper = await conn.execute(
    `select 1 from timescaledb_information.hypertables where hypertable_name = 'price_listings'`,
  );
  const policy = await conn.execute(
    `select 1 from timescaledb_information.jobs
     where hypertable_name = 'price_listings' and proc_name = 'policy_compression'`,
  );
  return { installed: true, hypertable: hyper.length > 0, compressionPolicy: policy.length > 0 };
}

/** A stable key in the same namespace as the job locks (see repositories/job-locks.ts). */
const MIGRATION_LOCK = `select pg_advisory_lock(hashtextextended('minifig-stonks:migrate', 0))`;

/**
 * Replicas started together would otherwise apply the same migration at once and fail on each
 * other's tables: the first takes a session advisory lock, the others wait for it and then find
 * nothing pending. The lock lives on its own connection, released when that closes (also if the
 * process dies).
 */
async function whileHoldingMigrationLock<T>(orm: MikroORM, work: () => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  try {
    await client.query(MIGRATION_LOCK);
    return await work();
  } finally {
    await client.end().catch(() => {});
  }
}
