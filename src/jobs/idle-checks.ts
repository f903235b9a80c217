import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { digestsToQueue } from '../alerts/digest.js';
import type { Config } from '../config.js';
import { anyInventoryAsked } from '../db/repositories/set-inventories.js';
import { recordSkippedRun } from './execute-job.js';
import type { JobName } from './job-list.js';

interface IdleContext {
  em: EntityManager;
  now: Date;
  config: Config;
}

/**
 * Why a run of a frequent job would find nothing to do, or null when it has work. A run starts a
 * worker thread, which compiles and loads the job with its ORM: about three CPU-seconds on the
 * development machine. The digest looks every minute and the asked-for sets every two, and both
 * nearly always find nothing; asked here, on the scheduler's thread, the question costs a query
 * or two. The job's own run asks the same again, so a check that says "work" when there is none
 * only costs the worker.
 */
const IDLE_CHECKS: Partial<Record<JobName, (ctx: IdleContext) => Promise<string | null>>> = {
  'daily-digest': async ({ em, now }) =>
    (await digestsToQueue(em, now)).pending.length === 0 ? 'no digest due' : null,
  'bricklink-sets': async ({ em, config }) => {
    if (!config.sources.bricklink.credentials) return 'no credentials';
    return (await anyInventoryAsked(em)) ? null : 'no set inventory asked for';
  },
};

/**
 * The scheduler's question before each run of a job (createScheduler's `idleReason`): a run with
 * nothing to do is recorded as skipped, with its reason, and no worker starts.
 */
export function idleReason(orm: MikroORM, config: Config, log: Logger) {
  return async (job: JobName): Promise<string | null> => {
    const check = IDLE_CHECKS[job];
    if (!check) return null;
    const now = new Date();
    const reason = await check({ em: orm.em.fork(), now, config });
    if (reason) await recordSkippedRun(orm, job, now, reason, log.child({ job }));
    return reason;
  };
}
