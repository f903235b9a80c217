import type { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import type { JobDefinition, JobSummary } from './job.js';

export type JobOutcome =
  | { status: 'ran'; summary: JobSummary; ms: number }
  | { status: 'skipped'; reason: string };

export interface ExecuteOptions {
  orm: MikroORM;
  config: Config;
  log: Logger;
  signal?: AbortSignal;
  now?: Date;
}

/**
 * Runs one job body with its context. An exclusive job first takes a session-level advisory lock
 * on its own connection, held for the whole run: a second instance (another worker, another host,
 * a foreground `minifig job run`) skips instead of fetching the same data twice.
 */
export async function executeJob(def: JobDefinition, opts: ExecuteOptions): Promise<JobOutcome> {
  const log = opts.log.child({ job: def.name });
  const lock = def.exclusive ? await tryLock(opts.orm, def.name) : undefined;
  if (lock === null) {
    log.info('another instance holds the lock; skipping this run');
    return { status: 'skipped', reason: 'another instance is running' };
  }
  const started = Date.now();
  try {
    const summary = await def.run({
      em: opts.orm.em.fork(),
      config: opts.config,
      log,
      signal: opts.signal ?? new AbortController().signal,
      now: opts.now ?? new Date(),
    });
    const ms = Date.now() - started;
    log.info({ summary, ms }, 'job finished');
    return { status: 'ran', summary, ms };
  } finally {
    await lock?.release();
  }
}

/** The lock key: a stable 64-bit number per job name, namespaced so other advisory locks never collide. */
const LOCK_SQL = `select pg_try_advisory_lock(hashtextextended('minifig-stonks:job:' || $1, 0)) as locked`;

async function tryLock(orm: MikroORM, name: string): Promise<{ release(): Promise<void> } | null> {
  const client = new pg.Client({ connectionString: orm.config.get('clientUrl') });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>(LOCK_SQL, [name]);
    if (!rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  // Closing the session releases a session-level advisory lock, also if the process dies.
  return { release: () => client.end() };
}
