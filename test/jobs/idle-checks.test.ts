/**
 * The scheduler asks before a run whether the job has anything to do: the digest and the asked-for
 * set inventories find nothing most of the time, and a worker thread costs seconds of CPU. An idle
 * run starts no worker and is recorded as skipped with its reason; a run with work, or one whose
 * check fails, starts its worker as before.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { requestInventory } from '../../src/db/repositories/set-inventories.js';
import { upsertSubscription } from '../../src/db/repositories/subscriptions.js';
import { idleReason } from '../../src/jobs/idle-checks.js';
import type { JobName } from '../../src/jobs/job-list.js';
import { claimJobSlot } from '../../src/jobs/job-slots.js';
import { createScheduler, type Scheduler } from '../../src/jobs/scheduler.js';
import { log } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { seedSets } from '../support/ingest-fixtures.js';
import { REPO_ROOT } from '../support/paths.js';
import { BL_CREDENTIALS } from '../support/source-jobs.js';

const WORKER = path.join(REPO_ROOT, 'test/fixtures/jobs/mark-lego-scraped.worker.ts');
const WITH_BRICKLINK = {
  BRICKLINK_CONSUMER_KEY: BL_CREDENTIALS.consumerKey,
  BRICKLINK_CONSUMER_SECRET: BL_CREDENTIALS.consumerSecret,
  BRICKLINK_TOKEN: BL_CREDENTIALS.token,
  BRICKLINK_TOKEN_SECRET: BL_CREDENTIALS.tokenSecret,
};

describe('runs with nothing to do start no worker', () => {
  let db: TestDatabase;
  const schedulers: Scheduler[] = [];
  let started: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    await seedSets(db.orm.em.fork(), ['7140-1']);
  });
  afterAll(async () => {
    for (const bree of schedulers) await bree.stop();
    await db?.drop();
  });

  /** A scheduler; with `replica`, one of several that claim each slot in job_slots. */
  function scheduler(
    env: Record<string, string>,
    check?: (job: JobName) => Promise<string | null>,
    replica?: number,
  ): Scheduler {
    const config = loadConfig(env);
    const bree = createScheduler({
      config,
      log,
      jobs: ['daily-digest', 'bricklink-sets'],
      workerFileFor: () => WORKER,
      idleReason: check ?? idleReason(db.orm, config, log),
      ...(replica === undefined
        ? {}
        : {
            claimSlot: (job: JobName, slot: Date) =>
              claimJobSlot(db.orm, { job, slot, host: `replica-${replica}`, pid: replica }),
          }),
    });
    bree.on('worker created', (name: string) => started.push(name));
    schedulers.push(bree);
    return bree;
  }
  const finished = (bree: Scheduler) =>
    bree.workers.size === 0 ? Promise.resolve() : new Promise((r) => bree.once('worker deleted', r));
  const skips = async (job: string) =>
    (
      await db.orm.em
        .fork()
        .execute<{ skip_reason: string }[]>(
          `select skip_reason from job_runs where job = ? and outcome = 'skipped' order by id`,
          [job],
        )
    ).map((r) => r.skip_reason);

  it('the digest: skipped while no channel is due, run once one is', async () => {
    started = [];
    const bree = scheduler({});
    await bree.run('daily-digest');
    expect(started).toEqual([]);
    expect(await skips('daily-digest')).toEqual(['no digest due']);

    const em = db.orm.em.fork();
    await upsertSubscription(
      em,
      { platform: 'slack', workspaceId: 'T1', channelId: 'C1' },
      { digestTime: '00:00', timeZone: 'UTC', theme: null, createdBy: null },
    );
    // Subscribed yesterday, so today's 00:00 digest is due and not sent yet.
    await em
      .getConnection()
      .execute(`update channel_subscriptions set created_at = now() - interval '2 days'`);
    await bree.run('daily-digest');
    expect(started).toEqual(['daily-digest']);
    await finished(bree);
  });

  it('the asked-for sets: skipped without credentials, or with nothing asked; run once a set is asked for', async () => {
    started = [];
    await scheduler({}).run('bricklink-sets');
    const withCredentials = scheduler(WITH_BRICKLINK);
    await withCredentials.run('bricklink-sets');
    expect(started).toEqual([]);
    expect(await skips('bricklink-sets')).toEqual(['no credentials', 'no set inventory asked for']);

    await requestInventory(db.orm.em.fork(), '7140-1', new Date());
    await withCredentials.run('bricklink-sets');
    expect(started).toEqual(['bricklink-sets']);
    await finished(withCredentials);
  });

  it('a check that fails lets the run go ahead', async () => {
    started = [];
    const bree = scheduler({}, async () => {
      throw new Error('database unreachable');
    });
    await bree.run('daily-digest');
    expect(started).toEqual(['daily-digest']);
    await finished(bree);
  });

  it('replicas: only the one that claims the slot asks, and records the idle run once', async () => {
    started = [];
    const before = (await skips('bricklink-sets')).length;
    await Promise.all([0, 1, 2].map((i) => scheduler({}, undefined, i).run('bricklink-sets')));
    expect(started).toEqual([]);
    expect((await skips('bricklink-sets')).length).toBe(before + 1);
  });
});
