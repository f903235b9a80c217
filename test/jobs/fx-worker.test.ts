import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { JobResultMessage } from '../../src/jobs/run-job.js';
import { createScheduler } from '../../src/jobs/scheduler.js';
import { log } from '../../src/log.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { ECB_DAILY_XML } from '../support/ecb-files.js';
import { FakeServer } from '../support/fakes/fake-server.js';
import { count } from '../support/ingest-fixtures.js';

/** The real jobs/fx.ts worker file, run by Bree in a worker thread against a fake ECB. */
const xml = readFileSync(ECB_DAILY_XML, 'utf8');
const ecb = new FakeServer(() => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: xml }));
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await ecb.start();
  // Worker threads read their configuration from the environment, as in production.
  Object.assign(process.env, { DATABASE_URL: db.url, ECB_URL: `${ecb.url}/eurofxref-daily.xml` });
});
afterAll(async () => {
  delete process.env.ECB_URL;
  delete process.env.DATABASE_URL;
  await ecb.close();
  await db?.drop();
});

async function runUnderBree(): Promise<JobResultMessage[]> {
  const results: JobResultMessage[] = [];
  const bree = createScheduler({ config: loadConfig(), log, jobs: ['fx'], onResult: (r) => results.push(r) });
  const deleted = new Promise((resolve) => bree.once('worker deleted', resolve));
  await bree.run('fx');
  await deleted;
  await bree.stop();
  return results;
}

describe('the fx job under Bree', () => {
  it('stores the day’s rates against USD, and a second run finds them unchanged', async () => {
    const [first] = await runUnderBree();
    expect(first?.outcome).toMatchObject({
      status: 'ran',
      summary: { date: '2022-07-08', currencies: 31, inserted: 32, updated: 0, unchanged: 0 },
    });
    expect(await count(db.orm.em, `select count(*) as n from exchange_rates where date = '2022-07-08'`)).toBe(
      32,
    );
    const [second] = await runUnderBree();
    expect(second?.outcome).toMatchObject({ status: 'ran', summary: { inserted: 0, unchanged: 32 } });
    expect(await count(db.orm.em, 'select count(*) as n from exchange_rates')).toBe(32);
    expect(ecb.requests).toHaveLength(2);
  });
});
