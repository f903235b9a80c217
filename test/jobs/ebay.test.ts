import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { listMatchCatalogue } from '../../src/db/repositories/match-catalogue.js';
import type { JobContext } from '../../src/jobs/job.js';
import { runSource } from '../../src/jobs/source-run.js';
import { createMatcherPool } from '../../src/matching/pool.js';
import { figureQuery } from '../../src/sources/ebay/queries.js';
import ebay, { type EbayRunOptions } from '../../src/sources/ebay/source.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type FakeEbay, startFakeEbay } from '../support/fakes/fake-ebay.js';
import { count, seedFigures } from '../support/ingest-fixtures.js';
import { REPO_ROOT } from '../support/paths.js';
import { captureLog, EBAY_CREDENTIALS, jobContext, quick, sourceConfig } from '../support/source-jobs.js';

/** An eBay run through the one source run loop, with the test seams. */
const runEbay = (ctx: JobContext, opts: EbayRunOptions) => runSource(ctx, ebay, opts);

const NOW = new Date('2026-11-26T10:00:00Z');
const HOUR = 3_600_000;
const MATCHED = `select count(*) as n from price_listings l join data_sources s on s.id = l.source_id
                 where s.name = 'eBay'`;
const UNMATCHED = `select count(*) as n from unmatched_listings l join data_sources s on s.id = l.source_id
                   where s.name = 'eBay'`;

/** The figures the labelled titles name, so that the matcher has real figures to find. */
const FIGURES = readFileSync(path.join(REPO_ROOT, 'test/fixtures/matching/labelled-titles.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t')[1] ?? '')
  .filter((item) => /^[a-z]+\d/.test(item));

let db: TestDatabase;
let fake: FakeEbay;

function run(now = NOW, config = sourceConfig({ ebay: fake.url })) {
  const { log, lines } = captureLog();
  return { lines, result: runEbay(jobContext(db.orm, config, now, log), quick()) };
}

/** Distinct items the fake served to the searches made so far (what must be stored, once). */
function servedItems(): Set<string> {
  const ids = new Set<string>();
  for (const req of fake.searchRequests()) {
    const q = req.url.searchParams.get('q') ?? '';
    const offset = Number(req.url.searchParams.get('offset'));
    const limit = Number(req.url.searchParams.get('limit'));
    for (const item of fake.itemsFor(q).slice(offset, offset + limit)) ids.add(item.itemId);
  }
  return ids;
}

async function sql(text: string, params: unknown[] = []) {
  return db.orm.em.getConnection().execute(text, params);
}

async function stored(): Promise<number> {
  return (await count(db.orm.em, MATCHED)) + (await count(db.orm.em, UNMATCHED));
}

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFigures(db.orm.em.fork(), FIGURES);
  fake = await startFakeEbay({ ...EBAY_CREDENTIALS, now: NOW });
});
afterAll(async () => {
  await fake?.close();
  await db?.drop();
});
beforeEach(async () => {
  for (const table of ['price_listings', 'unmatched_listings', 'source_fetch_state', 'source_api_calls']) {
    await sql(`delete from ${table}`);
  }
  await sql(
    `update data_sources set rate_limit_per_hour = 208, rate_limit_per_day = 5000 where name = 'eBay'`,
  );
});
afterEach(() => {
  fake.server.clearFaults();
  fake.requests.length = 0;
});

describe('the ebay job', () => {
  it('skips with one clear log line when there are no credentials', async () => {
    const { result, lines } = run(NOW, sourceConfig({}));
    expect(await result).toEqual({ skipped: 'no credentials' });
    expect(lines.map((l) => l.msg)).toEqual([
      'eBay skipped: no credentials (set EBAY_CLIENT_ID and EBAY_CLIENT_SECRET)',
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it('sweeps every theme, stores each listing once (matched or kept for review), with one token', async () => {
    const themes = await sql('select count(distinct theme) as n from minifigures');
    const summary = await run().result;
    expect(summary).toMatchObject({ queries: Number(themes[0]?.n), errors: 0, tokenRequests: 1 });
    expect(summary.searches).toBe(summary.queries);
    const served = servedItems();
    expect(await stored()).toBe(served.size);
    expect(Number(summary.inserted) + Number(summary.unmatched)).toBe(served.size);
    expect(await count(db.orm.em, MATCHED)).toBeGreaterThan(0);
    expect(await count(db.orm.em, UNMATCHED)).toBeGreaterThan(0);
    const [calls] = await sql(`select calls from source_api_calls c join data_sources s on s.id = c.source_id
                               where s.name = 'eBay'`);
    expect(calls).toEqual({ calls: fake.searchRequests().length });
  });

  it('does not search again before a query is due, and a later sweep adds nothing it already has', async () => {
    await run().result;
    const before = await stored();
    expect(await run(new Date(NOW.getTime() + HOUR)).result).toMatchObject({ queries: 0, calls: 0 });
    fake.requests.length = 0;
    const later = await run(new Date(NOW.getTime() + 7 * HOUR)).result;
    expect(later.searches).toBeGreaterThan(0);
    expect(later).toMatchObject({ inserted: 0, errors: 0 });
    expect(await stored()).toBe(before);
  });

  it('stops at its share of the quota', async () => {
    await sql(`update data_sources set rate_limit_per_hour = 3 where name = 'eBay'`);
    expect(await run().result).toMatchObject({ calls: 3 });
    expect(fake.searchRequests()).toHaveLength(3);
  });

  it('searches for watched figures before sweeping themes', async () => {
    const [user] =
      await sql(`insert into chat_users (platform, workspace_id, user_id) values ('slack', 'T1', 'U1')
                              returning id`);
    await sql(
      `insert into watchlist_items (user_id, minifigure_id, condition)
               select ?, id, 'new' from minifigures where set_number = 'sw0002'`,
      [user?.id],
    );
    const [figure] = await sql(`select name from minifigures where set_number = 'sw0002'`);
    await sql(`update data_sources set rate_limit_per_hour = 2 where name = 'eBay'`);
    await run().result;
    expect(fake.searchRequests()[0]?.url.searchParams.get('q')).toBe(figureQuery(figure?.name));
    await sql('delete from watchlist_items');
  });

  it('stops the run, with the reason, when a title matcher worker dies', async () => {
    const catalogue = await listMatchCatalogue(db.orm.em.fork());
    const pool = await createMatcherPool(catalogue, { workers: 1, failOn: '*' });
    try {
      const { log, lines } = captureLog();
      const context = jobContext(db.orm, sourceConfig({ ebay: fake.url }), NOW, log);
      const summary = await runEbay(context, { ...quick(), pool });
      expect(summary).toMatchObject({ stopped: 'title matcher failed', calls: 1, inserted: 0 });
      expect(Number(summary.errors)).toBeGreaterThan(0);
      expect(fake.searchRequests()).toHaveLength(1);
      const stop = lines.find((l) => l.msg === 'stopping this eBay run');
      expect(stop?.err).toMatch(/matcher worker 1 of 1 exited/);
    } finally {
      await pool.close();
    }
  });

  it('stops the run when eBay refuses the credentials', async () => {
    const config = sourceConfig({ ebay: fake.url }, { EBAY_CLIENT_SECRET: 'not-the-secret' });
    const { result, lines } = run(NOW, config);
    expect(await result).toMatchObject({ errors: 1, stopped: 'credentials refused', calls: 0 });
    expect(fake.requests).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toContain('not-the-secret');
  });
});
