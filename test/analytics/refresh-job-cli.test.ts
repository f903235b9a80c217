import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { executeJob } from '../../src/jobs/execute-job.js';
import refreshJob from '../../src/jobs/refresh-snapshots.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { minifig } from '../support/minifig-cli.js';
import { insertFigures, insertListings, type TestListing } from './fixtures.js';

const today = new Date().toISOString().slice(0, 10);
const sale = (price: number, minute: number): TestListing => ({
  figure: 'job0001',
  day: today,
  minute,
  condition: 'used',
  kind: 'sold',
  source: 'BrickLink',
  quantity: 1,
  price,
  confidence: 1,
});

describe('the refresh-snapshots job and `minifig snapshots refresh`', () => {
  let db: TestDatabase;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFigures(db.orm.em.fork(), [{ itemNo: 'job0001' }]);
    await insertListings(db.orm.em.fork(), [sale(10, 1), sale(12, 2), sale(14, 3)]);
  });
  afterAll(() => db?.drop());

  it('the job body refreshes with the configured threshold and returns its summary', async () => {
    const config = loadConfig({ DATABASE_URL: db.url, MATCH_CONFIDENCE_THRESHOLD: '0.7' });
    const outcome = await executeJob(refreshJob, { orm: db.orm, config, log });
    expect(outcome).toMatchObject({
      status: 'ran',
      summary: { mode: 'full', reason: 'first run', snapshotRows: 1, asOf: today },
    });
    const [state] = await db.orm.em
      .getConnection()
      .execute('select confidence_threshold::text as t from snapshot_refresh_state');
    expect(state).toEqual({ t: '0.700' });
  });

  it('skips while another refresh holds the lock, and stops when cancelled', async () => {
    const config = loadConfig({ DATABASE_URL: db.url, MATCH_CONFIDENCE_THRESHOLD: '0.7' });
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query(
        `select pg_advisory_lock(hashtextextended('minifig-stonks:job:refresh-snapshots', 0))`,
      );
      expect(await executeJob(refreshJob, { orm: db.orm, config, log })).toEqual({
        status: 'skipped',
        reason: 'another instance is running',
      });
      const cli = await minifig(['snapshots', 'refresh'], { DATABASE_URL: db.url });
      expect(cli.code).toBe(0);
      expect(cli.out).toMatch(/Another snapshot refresh is running/);
    } finally {
      await holder.end();
    }
    const cancelled = new AbortController();
    cancelled.abort(new Error('cancelled by the scheduler'));
    await insertListings(db.orm.em.fork(), [sale(11, 4)]);
    await expect(
      executeJob(refreshJob, { orm: db.orm, config, log, signal: cancelled.signal }),
    ).rejects.toThrow(/cancelled by the scheduler/);
  }, 120_000);

  it('the command has help, checks its dates, and prints what it did', async () => {
    const env = { DATABASE_URL: db.url, MATCH_CONFIDENCE_THRESHOLD: '0.7' };
    const help = await minifig(['snapshots', 'refresh', '--help'], env);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: minifig snapshots refresh \[options\]/);
    expect(help.out).toContain('--from <date>');
    expect(help.out).toContain('--full');
    const bad = await minifig(['snapshots', 'refresh', '--from', '2026-13-45'], env);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/must be a date as YYYY-MM-DD/);
    const reversed = await minifig(
      ['snapshots', 'refresh', '--from', '2026-02-02', '--to', '2026-02-01'],
      env,
    );
    expect(reversed.code).toBe(1);
    expect(reversed.err).toBe('Error: --from must not be after --to.\n');

    const first = await minifig(['snapshots', 'refresh'], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^Incremental refresh: 1 listings ingested or superseded since the last run\./);
    expect(first.out).toContain('Snapshots: 1 days, 1 figure-days; 1 written, 0 removed.');
    expect(first.out).toMatch(new RegExp(`Latest as-of day: ${today}\\. Took \\d+\\.\\d s\\.`));

    const again = await minifig(['snapshots', 'refresh'], env);
    expect(again.out).toMatch(/^Incremental refresh: 0 listings/);
    expect(again.out).toContain('Snapshots: nothing to recompute.');

    const full = await minifig(['snapshots', 'refresh', '--full'], env);
    expect(full.out).toMatch(/^Full rebuild \(requested\)\./);
    expect(full.out).toContain('0 written, 0 removed.');
  }, 300_000);
});
