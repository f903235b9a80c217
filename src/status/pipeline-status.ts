import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import { readAppState } from '../db/repositories/app-state.js';
import { type JobHistory, jobHistories } from '../db/repositories/job-runs.js';
import { readRefreshState } from '../db/repositories/refresh-state.js';
import { JOB_LIST, type JobName } from '../jobs/job-list.js';
import { nextRuns, scheduleIntervalMs } from '../jobs/schedule-text.js';

/** A job that has not succeeded for this many of its intervals makes the pipeline degraded. */
export const JOB_INTERVALS_BEFORE_DEGRADED = 3;
/** Stored headlines older than this many refresh intervals make the pipeline degraded. */
export const REFRESH_INTERVALS_BEFORE_STALE = 2;

export interface JobStatus {
  name: JobName;
  schedule: string;
  last: JobHistory['last'];
  /** When the last run that did its work, or had none to do, ended. */
  lastGoodAt: Date | null;
  nextRunAt: Date | null;
  /** 'ok', 'not run yet', or why the job counts against the pipeline. */
  state: 'ok' | 'not run yet' | 'overdue';
}

export interface PipelineStatus {
  status: 'ok' | 'degraded';
  /** Why the status is degraded, one sentence each. */
  problems: string[];
  schedulerStartedAt: Date | null;
  headlines: {
    /** The last as-of day with stored headline prices (UTC), and when the refresh that wrote it ran. */
    asOfDay: string | null;
    refreshedAt: Date | null;
    state: 'ok' | 'not refreshed yet' | 'stale';
  };
  jobs: JobStatus[];
}

/**
 * How the background pipeline is doing, from job_runs and the refresh bookkeeping: each job's last
 * run, outcome and next run, and the age of the stored headlines. A job is overdue when it has not
 * succeeded (or found nothing to do) for JOB_INTERVALS_BEFORE_DEGRADED of its intervals since the
 * later of its last good run and the scheduler's start; the headlines are stale when older than
 * REFRESH_INTERVALS_BEFORE_STALE refresh intervals. Either makes the pipeline 'degraded'.
 */
export async function pipelineStatus(em: EntityManager, config: Config, now: Date): Promise<PipelineStatus> {
  const [histories, refresh, scheduler] = await Promise.all([
    jobHistories(em),
    readRefreshState(em),
    readAppState(em, 'scheduler'),
  ]);
  const schedulerStartedAt = scheduler ? new Date(scheduler.startedAt) : null;
  const problems: string[] = [];
  const since = (...dates: (Date | null)[]) =>
    dates.reduce<Date | null>((a, d) => (d && (!a || d > a) ? d : a), null);

  const jobs = JOB_LIST.map((spec): JobStatus => {
    const schedule = config.schedules[spec.name];
    const history = histories.get(spec.name);
    const lastGoodAt = history?.lastGoodAt ?? null;
    const interval = scheduleIntervalMs(schedule, now);
    const reference = since(lastGoodAt, schedulerStartedAt);
    let state: JobStatus['state'] = history ? 'ok' : 'not run yet';
    if (
      interval !== null &&
      reference &&
      now.getTime() - reference.getTime() > JOB_INTERVALS_BEFORE_DEGRADED * interval
    ) {
      state = 'overdue';
      problems.push(
        `${spec.name} has not succeeded for ${JOB_INTERVALS_BEFORE_DEGRADED} of its intervals (${schedule})` +
          (history?.last?.error ? `; last error: ${history.last.error}` : ''),
      );
    }
    return {
      name: spec.name,
      schedule,
      last: history?.last ?? null,
      lastGoodAt,
      nextRunAt: nextRuns(schedule, now)[0] ?? null,
      state,
    };
  });

  const refreshInterval = scheduleIntervalMs(config.schedules['refresh-snapshots'], now);
  const refreshedAt = refresh.lastRunAt;
  let headlineState: PipelineStatus['headlines']['state'] = refreshedAt ? 'ok' : 'not refreshed yet';
  const headlineReference = since(refreshedAt, schedulerStartedAt);
  if (
    refreshInterval !== null &&
    headlineReference &&
    now.getTime() - headlineReference.getTime() > REFRESH_INTERVALS_BEFORE_STALE * refreshInterval
  ) {
    headlineState = 'stale';
    problems.push(
      `the stored headline prices are older than ${REFRESH_INTERVALS_BEFORE_STALE} refresh intervals` +
        (refreshedAt ? ` (last refreshed ${refreshedAt.toISOString()})` : ' (never refreshed)'),
    );
  }

  return {
    status: problems.length > 0 ? 'degraded' : 'ok',
    problems,
    schedulerStartedAt,
    headlines: { asOfDay: refresh.headlineThrough, refreshedAt, state: headlineState },
    jobs,
  };
}
