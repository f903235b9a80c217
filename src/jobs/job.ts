import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config, JobName } from '../config.js';

/** What every job body receives, whether Bree runs it in a worker or `minifig job run` in the foreground. */
export interface JobContext {
  /** A forked EntityManager on the job's own small connection pool. */
  em: EntityManager;
  config: Config;
  log: Logger;
  /** Aborted when Bree asks the worker to cancel, or on Ctrl-C in the foreground. Check it between units of work. */
  signal: AbortSignal;
  /** The time the job treats as "now" (a test can pin it). */
  now: Date;
}

/** A job's summary: counts and short facts, printed by `minifig job run` and logged by the scheduler. */
export type JobSummary = Record<string, number | string | boolean | null>;

export interface JobDefinition {
  name: JobName;
  description: string;
  /**
   * Jobs that must never run twice at once take a PostgreSQL advisory lock on this key (run-job
   * does it); a second instance then skips with a log line instead of fetching the same data twice.
   */
  exclusive: boolean;
  /** The lock an exclusive job takes, when it shares one with another job (default: its own name). */
  lock?: JobName;
  run(ctx: JobContext): Promise<JobSummary>;
}

export function defineJob(def: JobDefinition): JobDefinition {
  return def;
}
