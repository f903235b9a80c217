import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { hasExchangeRates } from '../db/repositories/exchange-rates.js';
import { executeJob } from '../jobs/execute-job.js';
import refreshSnapshots from '../jobs/refresh-snapshots.js';
import { REFERENCE_DATA } from '../reference-data/index.js';
import { type BackfillSummary, backfillEcbHistory } from '../sources/ecb/backfill.js';
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
 * headlines. Does nothing to a database that holds listings. When no exchange rate is stored at
 * all, it first loads the bundled ECB history (see loadBundledRates), so `price sw0002 EUR` works
 * without the network.
 */
export async function loadDemo(orm: MikroORM, opts: DemoOptions): Promise<DemoLoadResult> {
  const progress = opts.progress ?? (() => {});
  const rates = await loadBundledRates(orm, progress);
  if (rates) opts.log.info(rates, 'loaded the bundled ECB rate history');
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

/**
 * ECB's reference-rate history shipped in src/reference-data (it ends on the day it was
 * downloaded), loaded into an empty exchange_rates table; null when rates are stored already. The
 * daily fx job adds the newer rates once it can reach ECB; until then replies convert at the last
 * bundled rate and say how old it is (src/currency/money-view.ts). Listings are never converted at
 * ingestion with a rate that old (DEFAULT_MAX_RATE_AGE_DAYS).
 */
export async function loadBundledRates(
  orm: MikroORM,
  progress: (step: string) => void = () => {},
): Promise<BackfillSummary | null> {
  const em = orm.em.fork();
  if (await hasExchangeRates(em)) return null;
  progress("Loading ECB's exchange-rate history (bundled)");
  return backfillEcbHistory(em, REFERENCE_DATA.ecbHistory);
}
