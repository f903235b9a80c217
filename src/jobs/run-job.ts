import { parentPort, workerData } from 'node:worker_threads';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../config.js';
import { ormOptions, startServer } from '../db/orm.js';
import { log, logRoute } from '../log.js';
import { executeJob } from './execute-job.js';
import type { JobDefinition } from './job.js';

/** Messages a job worker posts to the scheduler besides Bree's own 'done'. */
export interface JobResultMessage {
  type: 'job-result';
  name: string;
  outcome: Awaited<ReturnType<typeof executeJob>>;
}

/**
 * The preamble of every Bree worker (jobs/<name>.ts): parse config, open a small connection
 * pool of its own, honour Bree's 'cancel', run the body, close, report, and exit non-zero on
 * failure so the scheduler logs it as an error rather than a success.
 */
export async function runJob(def: JobDefinition): Promise<void> {
  const logFile = (workerData as { logFile?: string } | null)?.logFile;
  if (logFile) logRoute.toFile(logFile, (text) => process.stderr.write(`${text}\n`));
  const controller = new AbortController();
  parentPort?.on('message', (message) => {
    if (message === 'cancel') controller.abort(new Error('cancelled by the scheduler'));
  });
  const config = loadConfig();
  // A worker reuses the embedded server the main process started; it never starts its own.
  const server = await startServer(config);
  const orm = await MikroORM.init(ormOptions(server.url, 2));
  let failed = false;
  try {
    const outcome = await executeJob(def, { orm, config, log, signal: controller.signal });
    parentPort?.postMessage({ type: 'job-result', name: def.name, outcome } satisfies JobResultMessage);
    // 'done' also after a cancel: Bree's stop() listens for 'cancelled' only as the next message,
    // which the result above already was, and would wait for this thread forever.
    parentPort?.postMessage('done');
  } catch (err) {
    log.error({ err, job: def.name }, 'job failed');
    failed = true;
  } finally {
    await orm.close(true);
    await server.stop();
  }
  // The 'cancel' listener keeps the thread alive; on success Bree terminates it after 'done', on
  // failure we end it ourselves with a code the scheduler reports as an error.
  if (failed) process.exit(1);
}
