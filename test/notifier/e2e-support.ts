import type { MikroORM } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import { ingestListings } from '../../src/ingest/pipeline.js';
import type { RawListing } from '../../src/ingest/types.js';
import dailyDigest from '../../src/jobs/daily-digest.js';
import evaluateAlertsJob from '../../src/jobs/evaluate-alerts.js';
import { executeJob } from '../../src/jobs/execute-job.js';
import refreshSnapshotsJob from '../../src/jobs/refresh-snapshots.js';
import { insertFigure } from '../support/alerting.js';

export const quiet = pino({ level: 'silent' });
export const config = loadConfig({});

/** BrickLink sales of one figure, as the BrickLink source reports them (item number, USD). */
export function sales(itemNo: string, prices: number[], end: Date, prefix: string): RawListing[] {
  return prices.map((price, i) => ({
    externalId: `${prefix}-${i}`,
    timestamp: new Date(end.getTime() - (i + 1) * 3_600_000),
    kind: 'sold',
    condition: 'used',
    quantity: 1,
    price: price.toFixed(4),
    currency: 'USD',
    itemNo,
    raw: { unit_price: price.toFixed(4) },
  }));
}

/** A figure with a month of $20 sales behind it, ingested through the real pipeline. */
export async function seedFigure(orm: MikroORM, itemNo: string, now: Date): Promise<void> {
  const em = orm.em.fork();
  await insertFigure(em, itemNo, { name: 'Clone Trooper (Phase 2)', theme: 'Star Wars' });
  const month = Array.from({ length: 6 }, () => 20);
  const raws = sales(itemNo, month, new Date(now.getTime() - 5 * 86_400_000), `${itemNo}-history`);
  await ingestListings(em, 'BrickLink', raws, { now, log: quiet });
}

/** New sales that pull the headline of `itemNo` under $15 (ten at $10 against six at $20: median $10). */
export async function ingestCrash(orm: MikroORM, itemNo: string, now: Date): Promise<number> {
  const raws = sales(
    itemNo,
    Array.from({ length: 10 }, () => 10),
    now,
    `${itemNo}-crash`,
  );
  const summary = await ingestListings(orm.em.fork(), 'BrickLink', raws, { now, log: quiet });
  return summary.inserted;
}

/** The snapshot refresh, then evaluate-alerts: the order the scheduler runs them in after an ingest. */
export async function runEvaluation(orm: MikroORM, now = new Date()) {
  await runRefresh(orm, now);
  const outcome = await executeJob(evaluateAlertsJob, { orm, config, log: quiet, now });
  if (outcome.status !== 'ran') throw new Error('evaluate-alerts did not run');
  return outcome.summary;
}

/** runEvaluation once the job lock is free: a running app refreshes at start and may hold it a moment. */
export async function runEvaluationWhenFree(orm: MikroORM): Promise<void> {
  await until(() =>
    runEvaluation(orm).then(
      () => true,
      (err: Error) => {
        if (/did not run/.test(err.message)) return false;
        throw err;
      },
    ),
  );
}

export async function runRefresh(orm: MikroORM, now = new Date()) {
  const outcome = await executeJob(refreshSnapshotsJob, { orm, config, log: quiet, now });
  if (outcome.status !== 'ran') throw new Error('refresh-snapshots did not run');
  return outcome.summary;
}

export async function runDigest(orm: MikroORM, now: Date) {
  const outcome = await executeJob(dailyDigest, { orm, config, log: quiet, now });
  if (outcome.status !== 'ran') throw new Error('daily-digest did not run');
  return outcome.summary;
}

export async function outboxStatus(orm: MikroORM, kind: string): Promise<string[]> {
  const rows = await orm.em
    .fork()
    .execute<{ status: string }[]>('select status from notifications where kind = ? order by id', [kind]);
  return rows.map((r) => r.status);
}

export async function until(check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
