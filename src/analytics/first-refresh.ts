import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { readRefreshState } from '../db/repositories/refresh-state.js';
import { executeJob } from '../jobs/execute-job.js';
import refreshSnapshots from '../jobs/refresh-snapshots.js';

/**
 * Rolls the listings up before the service answers anyone, when nothing has been rolled up yet (a
 * database that has never been refreshed, or whose demo was just retired): every reply reads the
 * stored snapshots and headlines, so they must exist from the first command on. A replica that
 * finds the refresh running elsewhere (its advisory lock) goes on without waiting.
 */
export async function refreshIfNeverRefreshed(
  orm: MikroORM,
  opts: { config: Config; log: Logger; now: Date; progress: (step: string) => void },
): Promise<boolean> {
  const state = await readRefreshState(orm.em.fork());
  if (state.watermark !== null) return false;
  opts.progress('Computing daily snapshots and headline prices');
  await executeJob(refreshSnapshots, { orm, config: opts.config, log: opts.log, now: opts.now });
  return true;
}
