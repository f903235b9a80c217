import { readFileSync } from 'node:fs';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { rateOnOrBefore } from '../../../src/db/repositories/exchange-rates.js';
import fxJob from '../../../src/jobs/fx.js';
import { backfillEcbHistory } from '../../../src/sources/ecb/backfill.js';
import { createTestDatabase, type TestDatabase } from '../../support/db.js';
import { ECB_DAILY_XML, ECB_HISTORY_CSV, isRoundedQuotient } from '../../support/ecb-files.js';
import { FakeServer } from '../../support/fakes/fake-server.js';

const xml = readFileSync(ECB_DAILY_XML, 'utf8');
const csv = readFileSync(ECB_HISTORY_CSV, 'utf8');

/** Rows the history should give, counted from the file itself: every quoted cell, plus EUR per day. */
function expectedHistoryRows(): number {
  let rows = 0;
  for (const line of csv.split('\n').slice(1)) {
    const cells = line.split(',').slice(1);
    if (!/^\d{4}-/.test(line)) continue;
    rows += cells.filter((c) => c.trim() !== '' && c.trim() !== 'N/A').length + 1;
  }
  return rows;
}

async function countRates(em: EntityManager, where = 'true'): Promise<number> {
  const [row] = await em
    .getConnection()
    .execute<{ n: string }[]>(`select count(*) as n from exchange_rates where ${where}`);
  return Number(row?.n);
}

let served = xml;
const ecb = new FakeServer(() => ({ status: 200, headers: { 'content-type': 'text/xml' }, body: served }));

describe('storing ECB rates against USD', () => {
  let db: TestDatabase;
  let em: EntityManager;
  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    await ecb.start();
  });
  afterAll(async () => {
    await ecb.close();
    await db?.drop();
  });

  it('backfills the real history: one row per quoted cell plus EUR, and a rerun changes nothing', async () => {
    const expected = expectedHistoryRows();
    const progress: number[] = [];
    const first = await backfillEcbHistory(em, ECB_HISTORY_CSV, {
      batchDays: 500,
      onProgress: (done) => progress.push(done),
    });
    expect(first).toMatchObject({ days: 6747, firstDate: '1999-01-04', lastDate: '2025-05-09' });
    expect(first.inserted).toBe(expected);
    expect(await countRates(em)).toBe(expected);
    expect(progress.at(-1)).toBe(6747);
    expect(progress.length).toBe(Math.ceil(6747 / 500) + 1);

    const again = await backfillEcbHistory(em, ECB_HISTORY_CSV);
    expect(again).toMatchObject({ inserted: 0, updated: 0, unchanged: expected });
    expect(await countRates(em)).toBe(expected);
  });

  it('stores the values read by eye, re-based to USD', async () => {
    const gbp = await rateOnOrBefore(em, 'GBP', '2025-05-09');
    expect(gbp?.date).toBe('2025-05-09');
    expect(isRoundedQuotient(gbp?.rate as string, '0.8477', '1.1252')).toBe(true);
    const eur = await rateOnOrBefore(em, 'EUR', '1999-01-04');
    expect(isRoundedQuotient(eur?.rate as string, '1', '1.1789')).toBe(true);
    expect((await rateOnOrBefore(em, 'USD', '2010-06-01'))?.rate).toBe('1.0000000000');
    // A currency's N/A days have no row: CYP stopped at the end of 2007.
    expect((await rateOnOrBefore(em, 'CYP', '2025-05-09'))?.date).toBe('2007-12-31');
    expect(await countRates(em, `currency = 'CYP' and date > '2007-12-31'`)).toBe(0);
  });

  it('the fx job stores the daily file, then finds it unchanged, then applies a correction', async () => {
    const config = loadConfig({
      ECB_URL: `${ecb.url}/stats/eurofxref/eurofxref-daily.xml`,
      HTTP_TIMEOUT_MS: '2000',
    });
    const ctx = {
      em,
      config,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
      now: new Date(),
    };
    expect(fxJob.name).toBe('fx');

    const before = await countRates(em);
    const first = await fxJob.run(ctx);
    expect(first).toEqual({ date: '2022-07-08', currencies: 31, inserted: 0, updated: 0, unchanged: 32 });
    expect(await countRates(em)).toBe(before); // the history already held 2022-07-08

    await em.getConnection().execute(`delete from exchange_rates where date = '2022-07-08'`);
    expect(await fxJob.run(ctx)).toMatchObject({ inserted: 32, updated: 0, unchanged: 0 });
    expect(await countRates(em, `date = '2022-07-08'`)).toBe(32);
    const jpy = await rateOnOrBefore(em, 'JPY', '2022-07-08');
    expect(isRoundedQuotient(jpy?.rate as string, '138.05', '1.0163')).toBe(true);

    served = xml.replace("rate='138.05'", "rate='138.10'");
    expect(await fxJob.run(ctx)).toMatchObject({ inserted: 0, updated: 1, unchanged: 31 });
    const corrected = await rateOnOrBefore(em, 'JPY', '2022-07-08');
    expect(isRoundedQuotient(corrected?.rate as string, '138.10', '1.0163')).toBe(true);
    served = xml;
  });

  it('the fx job fails with a clear error when ECB is down, writing nothing', async () => {
    const config = loadConfig({ ECB_URL: `${ecb.url}/x.xml`, HTTP_TIMEOUT_MS: '500' });
    const ctx = {
      em,
      config,
      log: pino({ level: 'silent' }),
      signal: new AbortController().signal,
      now: new Date(),
    };
    const before = await countRates(em);
    ecb.inject({ kind: 'garbage' }, { times: Number.POSITIVE_INFINITY });
    const controller = new AbortController();
    // The job's default retry waits ~3 s in all; cancelling shows it stops at once and writes nothing.
    setTimeout(() => controller.abort(new Error('cancelled')), 50);
    await expect(fxJob.run({ ...ctx, signal: controller.signal })).rejects.toThrow();
    ecb.clearFaults();
    expect(await countRates(em)).toBe(before);
  });
});
