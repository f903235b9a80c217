import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { writeAppState } from '../../src/db/repositories/app-state.js';
import { tryJobLock } from '../../src/db/repositories/job-locks.js';
import { jobHistories } from '../../src/db/repositories/job-runs.js';
import { executeJob } from '../../src/jobs/execute-job.js';
import { defineJob, type JobSummary } from '../../src/jobs/job.js';
import { JOB_NAMES, type JobName } from '../../src/jobs/job-list.js';
import { log } from '../../src/log.js';
import { formatPipelineStatus } from '../../src/status/format-status.js';
import { pipelineStatus } from '../../src/status/pipeline-status.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const HOUR = 3_600_000;
const T0 = new Date('2026-12-01T10:30:00Z');

function job(name: JobName, run: () => Promise<JobSummary>, exclusive = false) {
  return defineJob({ name, description: 'test', exclusive, run });
}

describe('job runs and the pipeline status', () => {
  let db: TestDatabase;
  const config = loadConfig({});
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  const run = (def: ReturnType<typeof job>, now: Date) => executeJob(def, { orm: db.orm, config, log, now });

  it('records each run with its outcome, counts, calls and a scrubbed error', async () => {
    await run(
      job('bricklink', async () => ({
        fetched: 40,
        inserted: 31,
        duplicates: 9,
        unmatched: 0,
        errors: 0,
        calls: 8,
      })),
      T0,
    );
    await run(
      job('ebay', async () => ({ skipped: 'no credentials' })),
      T0,
    );
    await expect(
      run(
        job('refresh-snapshots', async () => {
          throw new Error('could not connect to postgres://minifig:hunter2secret@db:5432/x');
        }),
        T0,
      ),
    ).rejects.toThrow();
    const histories = await jobHistories(db.orm.em.fork());
    expect(histories.get('bricklink')?.last).toMatchObject({
      outcome: 'succeeded',
      counts: { fetched: 40, inserted: 31, duplicates: 9, unmatched: 0, errors: 0, apiCalls: 8 },
    });
    expect(histories.get('ebay')?.last).toMatchObject({ outcome: 'skipped', skipReason: 'no credentials' });
    const failed = histories.get('refresh-snapshots')?.last;
    expect(failed?.outcome).toBe('failed');
    expect(failed?.error).toContain('postgres://minifig:***@db:5432/x');
    expect(failed?.error).not.toContain('hunter2secret');
    expect(histories.get('refresh-snapshots')?.lastGoodAt).toBeNull();
  });

  it('is ok while every job is within its intervals, and says when each runs next', async () => {
    await writeAppState(db.orm.em.fork(), 'scheduler', { startedAt: T0.toISOString(), host: 'test', pid: 1 });
    // The frequent jobs ran a minute ago; bricklink, ebay and the refresh ran (or skipped, or failed) at T0.
    const recent = new Date(T0.getTime() + HOUR - 60_000);
    for (const name of ['evaluate-alerts', 'daily-digest', 'bricklink-sets'] as const) {
      await run(
        job(name, async () => ({ queued: 0 })),
        recent,
      );
    }
    const status = await pipelineStatus(db.orm.em.fork(), config, new Date(T0.getTime() + HOUR));
    expect(status.problems).toEqual([]);
    expect(status.status).toBe('ok');
    const bricklink = status.jobs.find((j) => j.name === 'bricklink');
    expect(bricklink?.state).toBe('ok');
    expect(bricklink?.nextRunAt?.getTime()).toBeGreaterThan(T0.getTime() + HOUR);
    expect(status.jobs.find((j) => j.name === 'brickset')?.state).toBe('not run yet');
    expect(status.headlines.state).toBe('not refreshed yet');
    expect(JOB_NAMES.every((name) => status.jobs.some((j) => j.name === name))).toBe(true);
  });

  it('is degraded when a job has not succeeded for 3 intervals, or the headlines are older than 2 refresh intervals', async () => {
    const later = new Date(T0.getTime() + 3.5 * HOUR);
    const status = await pipelineStatus(db.orm.em.fork(), config, later);
    expect(status.status).toBe('degraded');
    expect(status.jobs.find((j) => j.name === 'bricklink')?.state).toBe('overdue');
    expect(status.jobs.find((j) => j.name === 'refresh-snapshots')?.state).toBe('overdue');
    expect(status.headlines.state).toBe('stale');
    expect(status.problems).toContain('bricklink has not succeeded for 3 of its intervals (every 1 hour)');
    expect(status.problems.join('\n')).toMatch(
      /refresh-snapshots has not succeeded .*last error: could not connect/,
    );
    expect(status.problems.join('\n')).toMatch(
      /headline prices are older than 2 refresh intervals \(never refreshed\)/,
    );
    // A skip (nothing configured) is a good run, but three intervals without any run is not.
    expect(status.jobs.find((j) => j.name === 'ebay')?.state).toBe('overdue');
    expect(status.jobs.find((j) => j.name === 'brickset')?.state).toBe('not run yet');

    // A good run puts the job right again.
    await run(
      job('bricklink', async () => ({ fetched: 0, inserted: 0 })),
      later,
    );
    const after = await pipelineStatus(db.orm.em.fork(), config, new Date(later.getTime() + 60_000));
    expect(after.jobs.find((j) => j.name === 'bricklink')?.state).toBe('ok');
  });

  it('reads as a table with the verdict and its reasons first', async () => {
    const now = new Date(T0.getTime() + 3.5 * HOUR);
    const text = formatPipelineStatus(await pipelineStatus(db.orm.em.fork(), config, now), now);
    expect(text.split('\n')[0]).toBe('Pipeline: degraded');
    expect(text).toMatch(/^ {2}- ebay has not succeeded for 3 of its intervals/m);
    expect(text).toMatch(/^job\s+schedule\s+last run\s+outcome\s+took\s+next run/m);
    expect(text).toMatch(
      /^ebay\s+every 1 hour\s+2026-12-01 10:30 UTC \(\d h ago\)\s+skipped: no credentials .* overdue$/m,
    );
  });

  it('does not count runs skipped for another instance holding the lock as good: a hung holder shows', async () => {
    // brickset runs daily at 03:00; another replica took its lock and hangs.
    const held = await tryJobLock(db.url, 'brickset');
    expect(held).not.toBeNull();
    try {
      const brickset = job('brickset', async () => ({ fetched: 0 }), true);
      for (const day of [1, 2, 3]) {
        const outcome = await run(brickset, new Date(T0.getTime() + day * 24 * HOUR));
        expect(outcome).toMatchObject({ status: 'skipped' });
      }
    } finally {
      await held?.release();
    }
    const status = await pipelineStatus(db.orm.em.fork(), config, new Date(T0.getTime() + 3.5 * 24 * HOUR));
    expect(status.jobs.find((j) => j.name === 'brickset')).toMatchObject({
      state: 'overdue',
      lastGoodAt: null,
    });
    expect(status.problems.join('\n')).toContain('brickset has not succeeded for 3 of its intervals');
  });
});
