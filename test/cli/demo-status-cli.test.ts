import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_NAMES } from '../../src/jobs/job-list.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { minifig } from '../support/minifig-cli.js';

describe('minifig demo and minifig status', { timeout: 240_000 }, () => {
  let db: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    db = await createTestDatabase();
    env = { DATABASE_URL: db.url };
  });
  afterAll(() => db?.drop());

  it('status lists every job and says the scheduler has not started on a new database', async () => {
    const r = await minifig(['status'], env);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Pipeline: ok/);
    expect(r.out).toContain('The scheduler has never started on this database');
    for (const job of JOB_NAMES) {
      expect(r.out).toMatch(new RegExp(`^${job}\\s+\\S`, 'm'));
    }
    const json = JSON.parse((await minifig(['status', '--json'], env)).out);
    expect(json.jobs).toHaveLength(JOB_NAMES.length);
  });

  it('loads the demo only when asked, refreshed at once; removes it; never into a database with listings', async () => {
    const load = await minifig(['demo', 'load'], env);
    expect(load.err).toBe('');
    expect(load.out).toMatch(
      /Computing daily snapshots and headline prices\.\.\.\nLoaded [\d,]+ demo listings, with 932 sample figures and [\d,]+ catalogue sets\./,
    );
    const [row] = await db.orm.em
      .fork()
      .getConnection()
      .execute<{ headlines: string }[]>('select count(*) as headlines from headline_prices');
    expect(Number(row?.headlines)).toBeGreaterThan(10_000);
    // The refresh it ran is on record, so status shows the headlines' age.
    expect((await minifig(['status'], env)).out).toMatch(
      /Headline prices: as of \d{4}-\d{2}-\d{2}, refreshed/,
    );

    expect((await minifig(['demo', 'load'], env)).out).toContain('The demo data is already loaded.');
    const remove = await minifig(['demo', 'remove'], env);
    expect(remove.out).toMatch(/^Retired [\d,]+ demo listings; replies no longer say DEMO DATA\./);
    expect((await minifig(['demo', 'remove'], env)).out).toContain('There is no demo data in this database.');
    const again = await minifig(['demo', 'load'], env);
    expect(again.code).toBe(1);
    expect(again.out).toContain('already holds price listings');
  });
});
