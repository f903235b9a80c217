import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Bree from 'bree';
import type { Logger } from 'pino';
import type { Config, JobName } from '../config.js';
import { availableJobs, workerFile } from './registry.js';
import type { JobResultMessage } from './run-job.js';

const SHIM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-shim.mjs');
/** Five or six space-separated cron fields; anything else is a Bree/later.js interval ("every 1 hour"). */
const CRON = /^(\S+\s+){4,5}\S+$/;

export interface SchedulerOptions {
  config: Config;
  log: Logger;
  /** Only these jobs (default: every job of this build). */
  jobs?: JobName[];
  /** Called with each finished run's outcome, e.g. to chain evaluate-alerts after ingestion. */
  onResult?: (result: JobResultMessage) => void;
  /** Overrides the worker entry file per job (tests use fixtures). */
  workerFileFor?: (name: JobName) => string;
}

/**
 * Bree with one job per source and per analytics task, each in its own worker thread. Every
 * worker runs through the tsx shim, so the same TypeScript sources serve development, tests and
 * the Docker image without a separate build.
 */
export function createScheduler(opts: SchedulerOptions): Bree {
  const names = opts.jobs ?? availableJobs();
  const logger = opts.log.child({ component: 'scheduler' });
  return new Bree({
    root: false,
    logger: {
      info: (msg: unknown, meta?: unknown) => logger.debug({ meta }, String(msg)),
      warn: (msg: unknown, meta?: unknown) => logger.warn({ meta }, String(msg)),
      error: (msg: unknown, meta?: unknown) => logger.error({ meta }, String(msg)),
    } as unknown as Bree.BreeLogger,
    jobs: names.map((name) => {
      const schedule = opts.config.schedules[name];
      return {
        name,
        path: SHIM,
        ...(CRON.test(schedule) ? { cron: schedule } : { interval: schedule }),
        worker: { workerData: { jobFile: (opts.workerFileFor ?? workerFile)(name) } },
      };
    }),
    workerMessageHandler: ({ name, message }: { name: string; message: unknown }) => {
      if (isResult(message)) {
        logger.info({ job: name, outcome: message.outcome }, 'job run finished');
        opts.onResult?.(message);
      }
    },
    errorHandler: (err: unknown, meta: { name?: string }) =>
      logger.error({ err, job: meta?.name }, 'job failed'),
  });
}

function isResult(message: unknown): message is JobResultMessage {
  return (
    typeof message === 'object' && message !== null && (message as { type?: string }).type === 'job-result'
  );
}
