import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { JobResultMessage } from '../../src/jobs/run-job.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { log } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { type FakeBrickLink, startFakeBrickLink } from '../support/fakes/fake-bricklink.js';
import { type FakeEbay, startFakeEbay } from '../support/fakes/fake-ebay.js';
import { count, seedFigures } from '../support/ingest-fixtures.js';
import { BL_CREDENTIALS, EBAY_CREDENTIALS } from '../support/source-jobs.js';

/** The real jobs/bricklink.ts and jobs/ebay.ts worker files, run by Bree in worker threads. */
const FIGURES = ['sw0001a', 'hp001'];
const ENV = {
  HTTP_TIMEOUT_MS: '5000',
  BRICKLINK_CONSUMER_KEY: BL_CREDENTIALS.consumerKey,
  BRICKLINK_CONSUMER_SECRET: BL_CREDENTIALS.consumerSecret,
  BRICKLINK_TOKEN: BL_CREDENTIALS.token,
  BRICKLINK_TOKEN_SECRET: BL_CREDENTIALS.tokenSecret,
  EBAY_CLIENT_ID: EBAY_CREDENTIALS.clientId,
  EBAY_CLIENT_SECRET: EBAY_CREDENTIALS.clientSecret,
};

let db: TestDatabase;
let bricklink: FakeBrickLink;
let ebay: FakeEbay;

beforeAll(async () => {
  db = await createTestDatabase();
  await seedFigures(db.orm.em.fork(), FIGURES);
  bricklink = await startFakeBrickLink({ credentials: BL_CREDENTIALS, now: new Date() });
  ebay = await startFakeEbay({ ...EBAY_CREDENTIALS, now: new Date(), itemsFor: () => 7 });
  // Worker threads read their configuration from the environment, as in production.
  Object.assign(process.env, ENV, {
    DATABASE_URL: db.url,
    BRICKLINK_API_URL: bricklink.url,
    EBAY_API_URL: ebay.url,
  });
});
afterAll(async () => {
  for (const key of [...Object.keys(ENV), 'BRICKLINK_API_URL', 'EBAY_API_URL']) delete process.env[key];
  await bricklink?.close();
  await ebay?.close();
  await db?.drop();
});

async function runUnderBree(name: 'bricklink' | 'ebay'): Promise<JobResultMessage[]> {
  const results: JobResultMessage[] = [];
  const bree = createScheduler({ config: loadConfig(), log, jobs: [name], onResult: (r) => results.push(r) });
  const deleted = new Promise((resolve) => bree.once('worker deleted', resolve));
  await bree.run(name);
  await deleted;
  await bree.stop();
  return results;
}

describe('the source jobs under Bree', () => {
  it('bricklink fetches and stores every detail entry of the catalogue figures', async () => {
    const [result] = await runUnderBree('bricklink');
    let served = 0;
    for (const item of FIGURES)
      for (const kind of ['sold', 'stock'] as const)
        for (const c of ['N', 'U'] as const)
          served += bricklink.guide(item, kind, c)?.price_detail.length ?? 0;
    expect(result?.outcome).toMatchObject({
      status: 'ran',
      summary: { figures: 2, figuresDone: 2, calls: 8, inserted: served, errors: 0 },
    });
    expect(await count(db.orm.em, 'select count(*) as n from price_listings')).toBe(served);
  });

  it('ebay searches each theme and stores every listing once', async () => {
    const [result] = await runUnderBree('ebay');
    const searches = ebay.searchRequests().length;
    expect(searches).toBeGreaterThan(0);
    expect(result?.outcome).toMatchObject({ status: 'ran', summary: { calls: searches, errors: 0 } });
    const stored = await count(
      db.orm.em,
      `select (select count(*) from price_listings l join data_sources s on s.id = l.source_id where s.name = 'eBay')
            + (select count(*) from unmatched_listings) as n`,
    );
    const queries = new Set(ebay.searchRequests().map((r) => r.url.searchParams.get('q') ?? ''));
    expect(stored).toBe(new Set([...queries].flatMap((q) => ebay.itemsFor(q).map((i) => i.itemId))).size);
  });
});
