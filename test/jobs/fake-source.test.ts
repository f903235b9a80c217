import { readFileSync } from 'node:fs';
import path from 'node:path';
import { globSync } from 'tinyglobby';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { executeJob } from '../../src/jobs/execute-job.js';
import { JOB_LIST, type JobSpec } from '../../src/jobs/job-list.js';
import { loadJob } from '../../src/jobs/registry.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { FakeServer } from '../support/fakes/fake-server.js';
import { count, seedFigures } from '../support/ingest-fixtures.js';
import { REPO_ROOT } from '../support/paths.js';
import { captureLog } from '../support/source-jobs.js';

/**
 * The one entry that adds the fixture source (test/fixtures/fake-source/) to the job list: it
 * imports the folder itself, so there is no import line besides it.
 */
const JOBS: readonly JobSpec[] = [
  ...JOB_LIST,
  {
    name: 'fake-prices',
    source: (await import('../fixtures/fake-source/index.js')).default,
    schedule: 'every 1 hour',
  },
];

const NOW = new Date('2026-11-26T10:00:00Z');
const TOKEN = 'fake-token-5ecret';
const FIGURES = ['sw0001a', 'sw0002', 'sw0004', 'hp001'];
const ROWS = `select count(*) as n from price_listings l join data_sources s on s.id = l.source_id
              where s.name = 'Fake Prices'`;

let db: TestDatabase;
let upstream: FakeServer;

/** The fake's upstream: two sales per figure, for a caller with the right bearer token. */
function answer(req: { url: URL; headers: Record<string, unknown> }) {
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return { status: 401, body: '{"error":"bad token"}' };
  const item = decodeURIComponent(req.url.pathname.split('/').pop() ?? '');
  const sales = [1, 2].map((n) => ({
    id: `${item}-${n}`,
    price: `${10 + n}.50`,
    currency: 'USD',
    soldAt: `2026-11-2${n}T12:00:00Z`,
  }));
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sales }) };
}

async function sql(text: string, params: unknown[] = []) {
  return db.orm.em.getConnection().execute(text, params);
}

async function run(env: NodeJS.ProcessEnv = { FAKE_PRICES_TOKEN: TOKEN }) {
  const config = loadConfig({ HTTP_TIMEOUT_MS: '1000', FAKE_PRICES_URL: upstream.url, ...env }, JOBS);
  const { log, lines } = captureLog();
  const outcome = await executeJob(await loadJob('fake-prices', JOBS), {
    orm: db.orm,
    config,
    log,
    now: NOW,
  });
  return { outcome, lines };
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFigures(db.orm.em.fork(), FIGURES);
  upstream = await new FakeServer(answer).start();
});
afterAll(async () => {
  await upstream?.close();
  await db?.drop();
});
beforeEach(async () => {
  for (const table of ['price_listings', 'source_fetch_state', 'source_api_calls'])
    await sql(`delete from ${table}`);
  upstream.requests.length = 0;
});

describe('a price source added as one folder plus one line in the job list', () => {
  it('takes its section of the configuration and its schedule from the job list', () => {
    const config = loadConfig({ FAKE_PRICES_TOKEN: TOKEN, SCHEDULE_FAKE_PRICES: 'every 2 hours' }, JOBS);
    expect((config.sources as Record<string, unknown>).fakePrices).toEqual({
      baseUrl: 'http://127.0.0.1:9',
      token: TOKEN,
    });
    expect(config.schedules['fake-prices' as keyof typeof config.schedules]).toBe('every 2 hours');
    expect(() => loadConfig({ FAKE_PRICES_URL: 'nowhere' }, JOBS)).toThrow(/FAKE_PRICES_URL: must be a URL/);
  });

  it('the real job list is built the same way: each source folder in its own entry, no import besides', () => {
    const list = readFileSync(path.join(REPO_ROOT, 'src/jobs/job-list.ts'), 'utf8');
    expect(list).not.toMatch(/^import(?! type)[^;]*sources\//m);
    const folders = globSync('src/sources/*/index.ts', { cwd: REPO_ROOT }).map((f) => f.split('/')[2]);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders)
      expect(list).toContain(`source: (await import('../sources/${folder}/index.js')).default`);
    expect(JOB_LIST.filter((j) => 'source' in j)).toHaveLength(folders.length);
  });

  it('skips, saying why, without its credentials', async () => {
    const { outcome, lines } = await run({});
    expect(outcome).toMatchObject({ status: 'ran', summary: { skipped: 'no credentials' } });
    expect(lines.map((l) => l.msg)).toContain('Fake Prices skipped: set FAKE_PRICES_TOKEN');
    expect(upstream.requests).toHaveLength(0);
  });

  it('runs through the one run loop: its row is registered, its listings land in price_listings, its calls are counted', async () => {
    const { outcome } = await run();
    expect(outcome).toMatchObject({
      status: 'ran',
      summary: { calls: 4, callsToday: 4, fetched: 8, inserted: 8, duplicates: 0, errors: 0 },
    });
    expect(await count(db.orm.em, ROWS)).toBe(8);
    const [source] = await sql(
      `select api_type, rate_limit_per_hour, rate_limit_per_day, last_scrape_success from data_sources
       where name = 'Fake Prices'`,
    );
    expect(source).toEqual({
      api_type: 'API',
      rate_limit_per_hour: 10,
      rate_limit_per_day: 50,
      last_scrape_success: true,
    });
    const [calls] = await sql(`select calls from source_api_calls c join data_sources s on s.id = c.source_id
                               where s.name = 'Fake Prices'`);
    expect(calls).toEqual({ calls: 4 });
    const attempts =
      await sql(`select item_key from source_fetch_state f join data_sources s on s.id = f.source_id
                                where s.name = 'Fake Prices' order by item_key`);
    expect(attempts.map((a) => a.item_key)).toEqual([...FIGURES].sort());

    // Every figure is fresh now: the next run plans nothing and writes nothing twice.
    expect(await run()).toMatchObject({ outcome: { summary: { calls: 0, inserted: 0 } } });
    expect(await count(db.orm.em, ROWS)).toBe(8);
  });

  it('spends no more than its quota allows', async () => {
    await sql(`update data_sources set rate_limit_per_hour = 2 where name = 'Fake Prices'`);
    try {
      expect((await run()).outcome).toMatchObject({ summary: { calls: 2, inserted: 4 } });
      expect(upstream.requests).toHaveLength(2);
    } finally {
      await sql(`update data_sources set rate_limit_per_hour = 10 where name = 'Fake Prices'`);
    }
  });

  it('stops at the first refusal of its credentials, and never logs them', async () => {
    const { outcome, lines } = await run({ FAKE_PRICES_TOKEN: 'not-the-token' });
    expect(outcome).toMatchObject({ summary: { errors: 1, calls: 1, stopped: 'credentials refused' } });
    expect(upstream.requests).toHaveLength(1);
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([
      'Fake Prices refused our credentials; stopping this run',
    ]);
    const [calls] = await sql(`select calls from source_api_calls c join data_sources s on s.id = c.source_id
                               where s.name = 'Fake Prices'`);
    expect(calls).toEqual({ calls: 1 });
    expect(JSON.stringify(lines)).not.toContain('not-the-token');
  });
});
