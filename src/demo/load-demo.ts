import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { executeJob } from '../jobs/execute-job.js';
import refreshSnapshots from '../jobs/refresh-snapshots.js';
import { type DemoLoadResult, loadDemoData, retireDemoData } from './demo-data.js';

export interface DemoOptions {
  config: Config;
  log: Logger;
  now: Date;
  progress?: (step: string) => void;
}

/**
 * Loads the demo (see loadDemoData) and at once rolls it up into snapshots and headline prices,
 * so that the first `price` already shows 7- and 30-day changes and `movers` reads stored
 * headlines. Does nothing to a database that holds listings.
 */
export async function loadDemo(orm: MikroORM, opts: DemoOptions): Promise<DemoLoadResult> {
  const progress = opts.progress ?? (() => {});
  const result = await loadDemoData(orm.em.fork(), opts.now, (_step, text) => progress(text));
  if (result.listingsInserted > 0) {
    opts.log.info(result, 'loaded the bundled demo data');
    progress('Computing daily snapshots and headline prices');
    await executeJob(refreshSnapshots, { orm, config: opts.config, log: opts.log, now: opts.now });
  }
  return result;
}

/** `minifig demo remove`: the demo listings retired, their snapshots and headlines cleared, at once. */
export async function removeDemo(orm: MikroORM, opts: Omit<DemoOptions, 'progress'>): Promise<number> {
  return retireDemoData(orm.em.fork(), opts.now, opts.log);
}
