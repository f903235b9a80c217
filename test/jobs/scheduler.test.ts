import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { JOB_LIST, JOB_NAMES } from '../../src/jobs/job-list.js';
import { assertJobFiles, loadJob, workerFile } from '../../src/jobs/registry.js';
import type { JobResultMessage } from '../../src/jobs/run-job.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { log } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { REPO_ROOT } from '../support/paths.js';

const WORKER = path.join(REPO_ROOT, 'test/fixtures/jobs/mark-lego-scraped.worker.ts');

describe('the Bree scheduler', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Worker threads read their configuration from the environment, as in production.
    process.env.DATABASE_URL = db.url;
  });
  afterAll(() => db?.drop());

  function scheduler(onResult: (r: JobResultMessage) => void, exits: (code: number) => void) {
    const bree = createScheduler({
      config: loadConfig({ SCHEDULE_LEGO: 'every 1 hour' }),
      log,
      jobs: ['lego'],
      workerFileFor: () => WORKER,
      onResult,
    });
    bree.on('worker created', (name: string) => bree.workers.get(name)?.on('exit', exits));
    return bree;
  }

  it('runs a TypeScript job in a worker thread through the tsx shim and reports its summary', async () => {
    const results: JobResultMessage[] = [];
    const bree = scheduler(
      (r) => results.push(r),
      () => {},
    );
    const deleted = new Promise((resolve) => bree.once('worker deleted', resolve));
    await bree.run('lego');
    await deleted;
    expect(results).toEqual([
      {
        type: 'job-result',
        name: 'lego',
        outcome: expect.objectContaining({ status: 'ran', summary: { marked: 1, cancelled: false } }),
      },
    ]);
    const [row] = await db.orm.em
      .getConnection()
      .execute<{ last_scrape_success: boolean }[]>(
        `select last_scrape_success from data_sources where name = 'LEGO'`,
      );
    expect(row?.last_scrape_success).toBe(true);
    await bree.stop();
  });

  it('a failing job exits its worker with a non-zero code', async () => {
    process.env.TEST_JOB_FAIL = '1';
    const codes: number[] = [];
    const results: JobResultMessage[] = [];
    const bree = scheduler(
      (r) => results.push(r),
      (code) => codes.push(code),
    );
    const deleted = new Promise((resolve) => bree.once('worker deleted', resolve));
    await bree.run('lego');
    await deleted;
    delete process.env.TEST_JOB_FAIL;
    expect(codes).toEqual([1]);
    expect(results).toEqual([]);
    await bree.stop();
  });

  it('a build without a job entry file refuses to start, naming the file and the fix', () => {
    expect(() => assertJobFiles()).not.toThrow();
    expect(() => assertJobFiles(tmpdir())).toThrow(
      /missing job entry files: .*jobs\/refresh-snapshots\.ts \(refresh-snapshots\).*Restore them/,
    );
  });

  it('every job of the job list has its worker entry file, which runs its own body', async () => {
    for (const spec of JOB_LIST) {
      const entry = readFileSync(workerFile(spec.name), 'utf8');
      // A price source's job is its folder, loaded by name in the one source entry file.
      const body = 'source' in spec ? 'await loadJob(' : `import job from '../src/jobs/${spec.name}.js';`;
      expect(entry, spec.name).toContain(body);
      expect(entry, spec.name).toMatch(/await runJob\((job|await loadJob\(.*\))\);/);
      expect((await loadJob(spec.name)).name).toBe(spec.name);
    }
  });

  it('schedules every job of the job list, refresh-snapshots also at start, with configured overrides', async () => {
    const config = loadConfig({ SCHEDULE_EBAY: '*/5 * * * *', SCHEDULE_DAILY_DIGEST: 'every 30 seconds' });
    const bree = createScheduler({ config, log, workerFileFor: () => WORKER });
    await bree.start();
    try {
      expect(bree.config.jobs.map((j: { name: string }) => j.name)).toEqual([...JOB_NAMES]);
      for (const name of JOB_NAMES) {
        expect(bree.intervals.has(name) || bree.timeouts.has(name), name).toBe(true);
      }
      const ebay = bree.config.jobs.find((j: { name: string }) => j.name === 'ebay');
      expect(ebay?.cron).toBe('*/5 * * * *');
      const digest = bree.config.jobs.find((j: { name: string }) => j.name === 'daily-digest');
      expect(digest?.interval.schedules[0].s).toHaveLength(2);
      const refresh = bree.config.jobs.find((j: { name: string }) => j.name === 'refresh-snapshots');
      expect(refresh?.timeout).toBe(0);
      expect(bree.config.jobs.filter((j: { timeout: unknown }) => j.timeout === 0)).toHaveLength(1);
    } finally {
      await bree.stop();
    }
  });
});
