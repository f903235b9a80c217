import type { Logger } from 'pino';
import type { JobName } from '../config.js';
import type { JobResultMessage } from '../jobs/run-job.js';

/** Jobs after which prices may have changed, so alerts are evaluated again at once. */
export const PRICE_CHANGING_JOBS: readonly JobName[] = ['bricklink', 'ebay', 'lego', 'refresh-snapshots'];

export interface JobRunner {
  run(name: JobName): Promise<void> | void;
  isRunning(name: JobName): boolean;
}

/**
 * The scheduler's `onResult` hook that runs `evaluate-alerts` after every ingestion or snapshot
 * refresh that ran (not one that skipped). If an evaluation is already running it may have read
 * the prices before the new ones committed, so one more run follows it; triggers that arrive
 * meanwhile fold into that one run.
 */
export function evaluateAlertsAfterPriceJobs(runner: JobRunner, log: Logger): (r: JobResultMessage) => void {
  let again = false;
  const start = () => {
    again = false;
    Promise.resolve(runner.run('evaluate-alerts')).catch((err) =>
      log.error({ err }, 'could not start evaluate-alerts'),
    );
  };
  return (result) => {
    if (result.name === 'evaluate-alerts') {
      if (again) start();
      return;
    }
    if (!PRICE_CHANGING_JOBS.includes(result.name as JobName) || result.outcome.status !== 'ran') return;
    if (runner.isRunning('evaluate-alerts')) again = true;
    else start();
  };
}
