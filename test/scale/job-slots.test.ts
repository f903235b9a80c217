/**
 * Once per slot: three schedulers on one database (as three replicas would have) all fire the same
 * scheduled run; exactly one starts a worker. A follow-up (a run outside the schedule) is not
 * claimed. slotOf maps a timer's firing moment to the scheduled instant it belongs to.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { claimJobSlot, slotOf } from '../../src/jobs/job-slots.js';
import { createScheduler, type Scheduler } from '../../src/jobs/scheduler.js';
import { log } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { REPO_ROOT } from '../support/paths.js';

const WORKER = path.join(REPO_ROOT, 'test/fixtures/jobs/mark-lego-scraped.worker.ts');
const at = (h: number, m: number, s: number, ms = 0) => new Date(2026, 11, 7, h, m, s, ms);

describe('slotOf', () => {
  it('is the latest scheduled instant, counting a timer a hair early as on time', () => {
    expect(slotOf('every 1 minute', at(1, 23, 40, 200))).toEqual(at(1, 23, 0));
    expect(slotOf('every 1 minute', at(1, 23, 59, 700))).toEqual(at(1, 24, 0));
    expect(slotOf('every 15 minutes', at(1, 31, 2))).toEqual(at(1, 30, 0));
    expect(slotOf('every 1 hour', at(1, 0, 0, 3))).toEqual(at(1, 0, 0));
    expect(slotOf('30 16 * * *', at(16, 30, 0, 400))).toEqual(at(16, 30, 0));
    expect(slotOf('*/5 * * * * *', at(0, 0, 4, 600))).toEqual(at(0, 0, 5));
    expect(slotOf('*/5 * * * * *', at(0, 0, 7, 100))).toEqual(at(0, 0, 5));
    expect(slotOf('every 5 seconds', at(0, 0, 9, 900))).toEqual(at(0, 0, 10));
    expect(slotOf('not a schedule', at(0, 0, 0))).toBeNull();
  });
});

describe('three schedulers on one database', () => {
  let db: TestDatabase;
  const schedulers: Scheduler[] = [];
  let started = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    process.env.DATABASE_URL = db.url;
    for (let i = 0; i < 3; i++) {
      const bree = createScheduler({
        config: loadConfig({ SCHEDULE_LEGO: 'every 1 hour' }),
        log,
        jobs: ['lego'],
        workerFileFor: () => WORKER,
        claimSlot: (job, slot) => claimJobSlot(db.orm, { job, slot, host: `replica-${i}`, pid: i }),
      });
      bree.on('worker created', () => started++);
      schedulers.push(bree);
    }
  });
  afterAll(async () => {
    for (const bree of schedulers) await bree.stop();
    await db?.drop();
  });

  const idle = (bree: Scheduler) =>
    bree.workers.size === 0 ? Promise.resolve() : new Promise((r) => bree.once('worker deleted', r));

  it('runs a scheduled run once, whichever replica claims it', async () => {
    await Promise.all(schedulers.map((bree) => bree.run('lego')));
    expect(started).toBe(1);
    await Promise.all(schedulers.map(idle));
    const claims = await db.orm.em
      .fork()
      .execute<{ job: string; host: string }[]>('select job, host from job_slots');
    expect(claims).toHaveLength(1);
    expect(claims[0]?.job).toBe('lego');
    // The same slot fired again (a second timer in the same hour) is not run again.
    await Promise.all(schedulers.map((bree) => bree.run('lego')));
    expect(started).toBe(1);
  });

  it('a follow-up run is not a slot: it runs where it was started', async () => {
    await schedulers[2]?.runUnscheduled('lego');
    expect(started).toBe(2);
    await Promise.all(schedulers.map(idle));
  });
});
