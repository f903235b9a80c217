import os from 'node:os';
import type { EntityManager } from '@mikro-orm/postgresql';
import { JobRun } from '../entities/job-run.js';
import { query } from './analytics-sql.js';

/** Runs are kept this long; `minifig status` looks at the last few intervals of each job. */
export const JOB_RUN_RETENTION_DAYS = 90;

/**
 * Why a run did nothing because another instance held the job's lock. Such a skip is not a good
 * run: if the holder hangs, every other replica would skip forever and the job would look healthy.
 */
export const LOCK_HELD_REASON = 'another instance is running';

/** The summary counts a run row keeps in columns of their own; the rest stays in `summary`. */
export interface RunCounts {
  fetched?: number;
  inserted?: number;
  duplicates?: number;
  unmatched?: number;
  errors?: number;
  apiCalls?: number;
}

export type RunEnd =
  | { outcome: 'succeeded'; summary: Record<string, unknown>; counts: RunCounts }
  | { outcome: 'skipped'; reason: string; summary?: Record<string, unknown> }
  | { outcome: 'failed'; error: string };

/** Records that a run has begun; the id is what `finishJobRun` completes. */
export async function startJobRun(em: EntityManager, job: string, startedAt: Date): Promise<number> {
  const run = em.create(JobRun, { job, startedAt, host: os.hostname() });
  await em.persistAndFlush(run);
  return run.id;
}

export async function finishJobRun(em: EntityManager, id: number, endedAt: Date, end: RunEnd): Promise<void> {
  const run = await em.findOneOrFail(JobRun, id);
  run.endedAt = endedAt;
  run.outcome = end.outcome;
  if (end.outcome === 'failed') run.error = end.error;
  if (end.outcome === 'skipped') run.skipReason = end.reason;
  if (end.outcome !== 'failed' && end.summary) run.summary = end.summary;
  if (end.outcome === 'succeeded') em.assign(run, end.counts);
  await em.flush();
}

/** Drops a job's rows older than the retention; the index on (job, started_at) finds them. */
export async function pruneJobRuns(em: EntityManager, job: string, now: Date): Promise<void> {
  await query(em, 'delete from job_runs where job = ? and started_at < ?', [
    job,
    new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * 86_400_000),
  ]);
}

export interface JobHistory {
  job: string;
  last: {
    startedAt: Date;
    endedAt: Date | null;
    outcome: string;
    skipReason: string | null;
    error: string | null;
    counts: RunCounts;
  } | null;
  /**
   * The last run that did its work or had nothing to do (succeeded, or skipped for a reason other
   * than LOCK_HELD_REASON), if any.
   */
  lastGoodAt: Date | null;
  /** The last run that ended 'succeeded'. */
  lastSucceededAt: Date | null;
}

/** The latest run and the latest good run of each job that has run at all. */
export async function jobHistories(em: EntityManager): Promise<Map<string, JobHistory>> {
  const rows = await query<
    {
      job: string;
      started_at: Date;
      ended_at: Date | null;
      outcome: string;
      skip_reason: string | null;
      error: string | null;
      fetched: number | null;
      inserted: number | null;
      duplicates: number | null;
      unmatched: number | null;
      errors: number | null;
      api_calls: number | null;
      last_good: Date | null;
      last_succeeded: Date | null;
    }[]
  >(
    em,
    `select distinct on (r.job) r.job, r.started_at, r.ended_at, r.outcome, r.skip_reason, r.error,
            r.fetched, r.inserted, r.duplicates, r.unmatched, r.errors, r.api_calls,
            (select max(g.ended_at) from job_runs g
              where g.job = r.job and (g.outcome = 'succeeded'
                or (g.outcome = 'skipped' and g.skip_reason is distinct from ?))) as last_good,
            (select max(g.ended_at) from job_runs g
              where g.job = r.job and g.outcome = 'succeeded') as last_succeeded
     from job_runs r
     order by r.job, r.started_at desc`,
    [LOCK_HELD_REASON],
  );
  const n = (v: number | null) => (v === null ? undefined : Number(v));
  return new Map(
    rows.map((r) => [
      r.job,
      {
        job: r.job,
        last: {
          startedAt: new Date(r.started_at),
          endedAt: r.ended_at ? new Date(r.ended_at) : null,
          outcome: r.outcome,
          skipReason: r.skip_reason,
          error: r.error,
          counts: {
            fetched: n(r.fetched),
            inserted: n(r.inserted),
            duplicates: n(r.duplicates),
            unmatched: n(r.unmatched),
            errors: n(r.errors),
            apiCalls: n(r.api_calls),
          },
        },
        lastGoodAt: r.last_good ? new Date(r.last_good) : null,
        lastSucceededAt: r.last_succeeded ? new Date(r.last_succeeded) : null,
      },
    ]),
  );
}
