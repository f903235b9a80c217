import type { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/orm.js';

/**
 * Opens the configured database (starting the embedded server if needed), runs `fn`, and always
 * closes it again, also on Ctrl-C, so the embedded PostgreSQL is never left half-stopped.
 */
export async function withDatabase<T>(fn: (orm: MikroORM) => Promise<T>): Promise<T> {
  const db = await openDatabase(loadConfig());
  const onSignal = (signal: NodeJS.Signals) => {
    process.stderr.write(`\nInterrupted (${signal}); closing the database...\n`);
    void db.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(db.orm);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await db.close();
  }
}
