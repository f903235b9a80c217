import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { executeJob } from '../../src/jobs/execute-job.js';
import { defineJob } from '../../src/jobs/job.js';
import { log } from '../../src/log.js';
import job from '../fixtures/jobs/mark-lego-scraped.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

describe('executeJob', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  afterEach(() => {
    delete process.env.TEST_JOB_FAIL;
  });
  const opts = () => ({ orm: db.orm, config: loadConfig({}), log });

  it('runs the body with a clock and returns its summary', async () => {
    const now = new Date('2026-11-26T12:00:00Z');
    const outcome = await executeJob(job, { ...opts(), now });
    expect(outcome).toMatchObject({ status: 'ran', summary: { marked: 1, cancelled: false } });
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ last_scraped_at: string }[]>(`select last_scraped_at from data_sources where name = 'LEGO'`);
    expect(new Date(row?.last_scraped_at ?? 0).toISOString()).toBe(now.toISOString());
  });

  it('lets only one instance of an exclusive job run at a time, and frees the lock afterwards', async () => {
    // The first run holds the lock until the test lets it go: explicit signals, no sleeping.
    let started!: () => void;
    let release!: () => void;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holding = defineJob({
      ...job,
      async run() {
        started();
        await released;
        return { held: true };
      },
    });
    const first = executeJob(holding, opts());
    await running;
    const second = await executeJob(job, opts());
    expect(second).toEqual({ status: 'skipped', reason: 'another instance is running' });
    release();
    expect((await first).status).toBe('ran');
    expect((await executeJob(job, opts())).status).toBe('ran');
  });

  it('releases the lock when the body fails', async () => {
    process.env.TEST_JOB_FAIL = '1';
    await expect(executeJob(job, opts())).rejects.toThrow('boom from the test job');
    delete process.env.TEST_JOB_FAIL;
    expect((await executeJob(job, opts())).status).toBe('ran');
  });
});
