import type { Logger } from 'pino';
import { isJobName, JOB_LIST, type JobName, type JobSpec } from './job-list.js';
import type { JobResultMessage } from './run-job.js';

export interface JobRunner {
  run(name: JobName): Promise<void> | void;
  isRunning(name: JobName): boolean;
}

/**
 * The scheduler's `onResult` hook that starts what follows a job (JobSpec.followedBy): the snapshot
 * refresh after an ingestion that wrote listings, alert evaluation after a refresh. If the follow-up
 * is already running it may have read the data before this run committed, so it runs once more
 * when it ends; triggers that arrive meanwhile fold into that one run.
 */
export function startFollowUps(
  runner: JobRunner,
  log: Logger,
  jobs: readonly JobSpec[] = JOB_LIST,
): (result: JobResultMessage) => void {
  const again = new Set<JobName>();
  const start = (name: JobName) => {
    again.delete(name);
    Promise.resolve(runner.run(name)).catch((err) => log.error({ err, job: name }, 'could not start a job'));
  };
  return (result) => {
    if (!isJobName(result.name)) return;
    if (again.has(result.name)) start(result.name);
    const next = jobs.find((j) => j.name === result.name)?.followedBy;
    if (!next || !isJobName(next.job) || !satisfies(next.when, result)) return;
    if (runner.isRunning(next.job)) again.add(next.job);
    else start(next.job);
  };
}

function satisfies(when: NonNullable<JobSpec['followedBy']>['when'], result: JobResultMessage): boolean {
  if (result.outcome.status !== 'ran') return false;
  if (when === 'ran') return true;
  const inserted = result.outcome.summary.inserted;
  return typeof inserted === 'number' && inserted > 0;
}
