import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config.js';
import { UserError } from '../core/errors.js';
import { openDatabase } from '../db/orm.js';
import { onStopSignals } from './stop-signals.js';

export interface WithDatabaseOptions {
  /** Refuse to run, with a clear message, while migrations are pending (on by default). */
  requireSchema?: boolean;
}

/**
 * Opens the configured database (starting the embedded server if needed), runs `fn`, and always
 * closes it again, also on Ctrl-C, SIGTERM or SIGHUP, so the embedded PostgreSQL is never left half-stopped.
 */
export async function withDatabase<T>(
  fn: (orm: MikroORM) => Promise<T>,
  opts: WithDatabaseOptions = {},
): Promise<T> {
  const db = await openDatabase(loadConfig());
  // A second signal while the database closes exits at once; the embedded server is still told to stop.
  const release = onStopSignals(
    (signal) => {
      process.stderr.write(`\nInterrupted (${signal}); closing the database...\n`);
      void db.close().finally(() => process.exit(130));
    },
    () => process.exit(130),
  );
  try {
    if (opts.requireSchema ?? true) await assertSchemaCurrent(db.orm);
    return await fn(db.orm);
  } finally {
    release();
    await db.close();
  }
}

async function assertSchemaCurrent(orm: MikroORM): Promise<void> {
  const pending = await orm.getMigrator().getPendingMigrations();
  if (pending.length > 0) {
    throw new UserError(
      `The database schema is not up to date (${pending.length} pending migration${pending.length === 1 ? '' : 's'}). ` +
        'Run `npx minifig db migrate` first.',
    );
  }
}
