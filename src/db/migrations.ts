import type { MikroORM } from '@mikro-orm/postgresql';
import { log } from '../log.js';
import { whileHoldingMigrationLock } from './repositories/migration-lock.js';
import { inRetentionTransaction } from './repositories/retention-policy.js';
import { type TimescaleStatus, timescaleStatus } from './repositories/timescale.js';
import { applyRetentionPolicy, assertRetentionInterval } from './retention.js';

export interface MigrationStatus {
  executed: string[];
  pending: string[];
  timescaledb: TimescaleStatus;
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
  const done = await whileHoldingMigrationLock(orm.config.get('clientUrl'), () => orm.getMigrator().up());
  const retention = await inRetentionTransaction(orm.em.fork(), (execute) =>
    applyRetentionPolicy(execute, opts.retention),
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
  return { executed, pending, timescaledb: await timescaleStatus(orm.em.fork()) };
}
