import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { tryJobLock } from '../db/repositories/job-locks.js';
import {
  finishJobRun,
  LOCK_HELD_REASON,
  pruneJobRuns,
  type RunCounts,
  type RunEnd,
  startJobRun,
} from '../db/repositories/job-runs.js';
import { errorText } from '../log.js';
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
 * Runs one job body with its context, and records the run in job_runs. An exclusive job first
 * takes a session-level advisory lock on its own connection, held for the whole run: a second
 * instance (another worker, another host, a foreground `minifig job run`) skips instead of fetching
 * the same data twice.
 */
export async function executeJob(def: JobDefinition, opts: ExecuteOptions): Promise<JobOutcome> {
  const log = opts.log.child({ job: def.name });
  const now = opts.now ?? new Date();
  const recorder = new RunRecorder(opts.orm, def.name, log);
  const lock = def.exclusive
    ? await tryJobLock(opts.orm.config.get('clientUrl') as string, def.lock ?? def.name)
    : undefined;
  if (lock === null) {
    log.info('another instance holds the lock; skipping this run');
    await recorder.skipped(now, LOCK_HELD_REASON);
    return { status: 'skipped', reason: LOCK_HELD_REASON };
  }
  const started = Date.now();
  await recorder.start(now);
  try {
    const summary = await def.run({
      em: opts.orm.em.fork(),
      config: opts.config,
      log,
      signal: opts.signal ?? new AbortController().signal,
      now,
    });
    const ms = Date.now() - started;
    log.info({ summary, ms }, 'job finished');
    await recorder.finish(
      typeof summary.skipped === 'string'
        ? { outcome: 'skipped', reason: summary.skipped, summary }
        : { outcome: 'succeeded', summary, counts: countsOf(summary) },
    );
    return { status: 'ran', summary, ms };
  } catch (err) {
    await recorder.finish({ outcome: 'failed', error: errorText(err) });
    throw err;
  } finally {
    await lock?.release();
  }
}

/** The counts every source job reports, under the names the summaries use. */
function countsOf(s: JobSummary): RunCounts {
  const n = (v: unknown) => (typeof v === 'number' ? v : undefined);
  return {
    fetched: n(s.fetched),
    inserted: n(s.inserted),
    duplicates: n(s.duplicates),
    unmatched: n(s.unmatched),
    errors: n(s.errors),
    apiCalls: n(s.calls) ?? n(s.pageRequests),
  };
}

/** Records a run that the scheduler skipped without starting it (idle-checks.ts). */
export async function recordSkippedRun(
  orm: MikroORM,
  job: string,
  at: Date,
  reason: string,
  log: Logger,
): Promise<void> {
  await new RunRecorder(orm, job, log).skipped(at, reason);
}

/**
 * Writes the run's row. Recording must never decide a run: when the database is unreachable the
 * job itself fails or succeeds on its own terms, and the missing row is only logged.
 */
class RunRecorder {
  private id: number | undefined;

  constructor(
    private readonly orm: MikroORM,
    private readonly job: string,
    private readonly log: Logger,
  ) {}

  private startedAt = new Date();
  private startedMs = 0;

  async start(at: Date): Promise<void> {
    this.startedAt = at;
    this.startedMs = performance.now();
    await this.safely(async () => {
      const em = this.orm.em.fork();
      this.id = await startJobRun(em, this.job, at);
      await pruneJobRuns(em, this.job, at);
    });
  }

  /** The end on the run's own clock (`now` may be pinned), so that durations stay true. */
  async finish(end: RunEnd): Promise<void> {
    const id = this.id;
    if (id === undefined) return;
    const endedAt = new Date(this.startedAt.getTime() + (performance.now() - this.startedMs));
    await this.safely(() => finishJobRun(this.orm.em.fork(), id, endedAt, end));
  }

  async skipped(at: Date, reason: string): Promise<void> {
    await this.start(at);
    await this.finish({ outcome: 'skipped', reason });
  }

  private async safely(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.log.warn({ err }, 'could not record the job run in job_runs');
    }
  }
}
