import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Bree from 'bree';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { isJobName, JOB_NAMES, type JobName, jobSpec } from './job-list.js';
import { slotOf } from './job-slots.js';
import { assertJobFiles, workerFile } from './registry.js';
import type { JobResultMessage } from './run-job.js';
import { isCron } from './schedule-text.js';

const SHIM = path.join(path.dirname(fileURLToPath(import.meta.url)), 'worker-shim.mjs');

export interface SchedulerOptions {
  config: Config;
  log: Logger;
  /** Only these jobs (default: every job in the job list). */
  jobs?: readonly JobName[];
  /** Called with each finished run's outcome, e.g. to start the jobs that follow it. */
  onResult?: (result: JobResultMessage) => void;
  /** Overrides the worker entry file per job (tests use fixtures). */
  workerFileFor?: (name: JobName) => string;
  /** Worker threads log to this file instead of stderr (the console chat keeps the terminal). */
  logFile?: string;
  /**
   * Asked before each scheduled run (and each run at start) with the slot it belongs to; false
   * skips the run because another replica has it. Without it, every run goes ahead.
   */
  claimSlot?: (job: JobName, slot: Date) => Promise<boolean>;
  /**
   * Asked next, by the instance that has the slot (idle-checks.ts): a reason skips the run without
   * starting a worker, because it would find nothing to do. Without it, or when it fails, the run
   * goes ahead.
   */
  idleReason?: (job: JobName) => Promise<string | null>;
}

/** Bree, plus a way to start a run that belongs to no slot (a follow-up of another job). */
export type Scheduler = Bree & { runUnscheduled(name: JobName): Promise<void> };

/**
 * Bree with every job of the job list, each in its own worker thread on its configured schedule.
 * Every worker runs through the tsx shim, so the same TypeScript sources serve development, tests
 * and the Docker image without a separate build.
 */
export function createScheduler(opts: SchedulerOptions): Scheduler {
  const names = opts.jobs ?? JOB_NAMES;
  if (!opts.workerFileFor) assertJobFiles();
  const logger = opts.log.child({ component: 'scheduler' });
  const bree = new Bree({
    root: false,
    logger: {
      info: (msg: unknown, meta?: unknown) => logger.debug({ meta }, String(msg)),
      // A schedule that comes round while the last run is still going is routine: Bree skips it.
      warn: (msg: unknown, meta?: unknown) =>
        String(msg).includes('is already running')
          ? logger.debug({ meta }, String(msg))
          : logger.warn({ meta }, String(msg)),
      error: (msg: unknown, meta?: unknown) => logger.error({ meta }, String(msg)),
    } as unknown as Bree.BreeLogger,
    jobs: names.map((name) => {
      const schedule = opts.config.schedules[name];
      return {
        name,
        path: SHIM,
        ...(isCron(schedule) ? { cron: schedule } : { interval: schedule }),
        // timeout 0 runs the job as soon as the scheduler starts; false waits for the schedule.
        timeout: jobSpec(name).runAtStart ? 0 : false,
        worker: {
          workerData: { job: name, jobFile: (opts.workerFileFor ?? workerFile)(name), logFile: opts.logFile },
        },
      };
    }),
    workerMessageHandler: ({ name, message }: { name: string; message: unknown }) => {
      if (isResult(message)) {
        logger.info({ job: name, outcome: message.outcome.status }, 'job run finished');
        opts.onResult?.(message);
      }
    },
    errorHandler: (err: unknown, meta: { name?: string }) =>
      logger.error({ err, job: meta?.name }, 'job failed'),
  });
  return withRunChecks(bree, opts, logger);
}

/**
 * Bree's timers call `this.run(name)`; an own `run` on the instance puts the slot claim and then
 * the idle check in front of every scheduled run (only the replica that has the slot asks, and
 * records a run with nothing to do), while follow-ups go straight to Bree's run.
 */
function withRunChecks(bree: Bree, opts: SchedulerOptions, logger: Logger): Scheduler {
  const breeRun = bree.run.bind(bree);
  const scheduler = bree as Scheduler;
  scheduler.runUnscheduled = (name) => breeRun(name);
  if (!opts.claimSlot && !opts.idleReason) return scheduler;
  scheduler.run = async (name?: string) => {
    if (!name || !isJobName(name)) return breeRun(name);
    // Still running here: Bree would skip the run, so leave the slot for a replica that can take it.
    if (bree.workers.has(name)) return breeRun(name);
    if (!(await hasSlot(name, opts, logger))) return;
    if (await isIdle(name, opts.idleReason, logger)) return;
    return breeRun(name);
  };
  return scheduler;
}

/** Whether this instance runs the job's current slot: it claimed it, or nothing is claimed. */
async function hasSlot(name: JobName, opts: SchedulerOptions, logger: Logger): Promise<boolean> {
  const slot = opts.claimSlot && slotOf(opts.config.schedules[name], new Date());
  if (!opts.claimSlot || !slot) return true;
  try {
    if (await opts.claimSlot(name, slot)) return true;
    logger.debug({ job: name, slot }, 'another instance runs this slot');
  } catch (err) {
    // Without the database the job could not run anyway; the next slot tries again.
    logger.warn({ err, job: name }, 'could not claim the run; skipping it');
  }
  return false;
}

/** Whether the run would find nothing to do; a failed check lets the run decide for itself. */
async function isIdle(
  name: JobName,
  idleReason: SchedulerOptions['idleReason'],
  logger: Logger,
): Promise<boolean> {
  if (!idleReason) return false;
  try {
    const reason = await idleReason(name);
    if (reason) logger.debug({ job: name, reason }, 'nothing to do; no worker started');
    return reason !== null;
  } catch (err) {
    logger.warn({ err, job: name }, 'could not tell whether the job has work; running it');
    return false;
  }
}

function isResult(message: unknown): message is JobResultMessage {
  return (
    typeof message === 'object' && message !== null && (message as { type?: string }).type === 'job-result'
  );
}
