import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateOnOrBefore } from '../../src/db/repositories/exchange-rates.js';
import { type ConversionResult, loadRateTable, type RateTable } from '../../src/ingest/currency.js';
import { backfillEcbHistory } from '../../src/sources/ecb/backfill.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { ECB_HISTORY_CSV } from '../support/ecb-files.js';
import { interceptSql } from '../support/intercept-sql.js';

type Ok = Extract<ConversionResult, { ok: true }>;
const at = (iso: string) => new Date(iso);

/** An EntityManager that counts the statements run through it. */
function counting(em: EntityManager): { em: EntityManager; count: () => number } {
  let n = 0;
  const wrapped = interceptSql(em, (text, params, run) => {
    n++;
    return run(text, params);
  });
  return { em: wrapped, count: () => n };
}

describe('converting listing prices to USD with ECB rates (real history)', () => {
  let db: TestDatabase;
  let em: EntityManager;
  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    await backfillEcbHistory(em, ECB_HISTORY_CSV);
  }, 120_000);
  afterAll(() => db?.drop());

  async function table(listings: { currency: string; timestamp: Date }[]): Promise<RateTable> {
    return loadRateTable(em, listings);
  }
  async function convertOne(price: string, currency: string, when: string): Promise<ConversionResult> {
    const t = await table([{ currency, timestamp: at(when) }]);
    return t.convert(price, currency, at(when));
  }

  it.each([
    ['a Saturday', '2025-05-10T14:00:00Z', '2025-05-09'],
    ['a Sunday', '2025-05-11T09:00:00Z', '2025-05-09'],
    ['Good Friday', '2025-04-18T12:00:00Z', '2025-04-17'],
    ['Easter Monday', '2025-04-21T12:00:00Z', '2025-04-17'],
    ['Christmas Day', '2024-12-25T12:00:00Z', '2024-12-24'],
    ['Boxing Day', '2024-12-26T12:00:00Z', '2024-12-24'],
    ['Labour Day', '2025-05-01T12:00:00Z', '2025-04-30'],
    ['New Year’s Day', '2025-01-01T08:00:00Z', '2024-12-31'],
    ['a business day, late evening UTC', '2025-05-08T23:59:59Z', '2025-05-08'],
  ])('on %s (%s) uses the rate of %s', async (_label, when, rateDay) => {
    const result = (await convertOne('25.00', 'EUR', when)) as Ok;
    expect(result.ok).toBe(true);
    expect(result.rateDate).toBe(rateDay);
    const stored = await rateOnOrBefore(em, 'EUR', rateDay);
    expect(stored?.date).toBe(rateDay);
    expect(result.rate).toBe(stored?.rate);
    expect(result).toMatchObject({ originalPrice: '25.0000', currency: 'EUR' });
  });

  it('gives the USD price the database computes exactly, for many prices, currencies and dates', async () => {
    const currencies = ['EUR', 'GBP', 'CAD', 'PLN', 'CZK', 'KRW', 'JPY', 'CHF', 'SEK', 'AUD'];
    const prices = [
      '0.0001',
      '0.01',
      '0.1',
      '0.29',
      '1',
      '4.99',
      '12.345',
      '19.99',
      '99.9999',
      '1234.5678',
      '87654.321',
    ];
    const cases: { price: string; currency: string; timestamp: Date }[] = [];
    let day = Date.parse('2024-11-01T10:00:00Z');
    for (const currency of currencies) {
      for (const price of prices) {
        cases.push({ price, currency, timestamp: new Date(day) });
        day += 86_400_000 * 1.7; // walks through weekdays, weekends and holidays
      }
    }
    const t = await table(cases);
    // PostgreSQL's numeric division, rounded half away from zero, is the oracle.
    const oracle = await em.getConnection().execute<{ usd: string; rate: string }[]>(
      `select round(c.price / e.rate, 4)::text as usd, e.rate::text as rate
       from jsonb_to_recordset(?::jsonb) as c(price numeric, currency text, ts timestamptz, n int)
       cross join lateral (select rate from exchange_rates e
                           where e.currency = c.currency and e.date <= (c.ts at time zone 'UTC')::date
                           order by e.date desc limit 1) e
       order by n`,
      [
        JSON.stringify(
          cases.map((c, n) => ({ price: c.price, currency: c.currency, ts: c.timestamp.toISOString(), n })),
        ),
      ],
    );
    expect(oracle).toHaveLength(cases.length);
    cases.forEach((c, i) => {
      const r = t.convert(c.price, c.currency, c.timestamp) as Ok;
      expect(r.ok, `${c.price} ${c.currency} ${c.timestamp.toISOString()}`).toBe(true);
      expect(r.priceUsd, `${c.price} ${c.currency}`).toBe(oracle[i]?.usd);
      expect(r.rate).toBe(oracle[i]?.rate);
    });
  });

  it('keeps USD as is, with rate 1, without needing any stored rate', async () => {
    const t = await table([]);
    expect(t.convert('12.3', 'USD', at('1990-01-01T00:00:00Z'))).toEqual({
      ok: true,
      priceUsd: '12.3000',
      originalPrice: '12.3000',
      currency: 'USD',
      rate: '1',
      rateDate: null,
    });
    expect(t.convert('0.00005', 'usd', at('2025-01-01T00:00:00Z'))).toMatchObject({
      ok: true,
      priceUsd: '0.0001',
    });
  });

  it('rejects an unknown currency with a clear reason, never treating it as USD', async () => {
    for (const code of ['TWD', 'XYZ', 'US$', '', 'EURO']) {
      const r = await convertOne('10.00', code, '2025-05-09T12:00:00Z');
      expect(r).toEqual({
        ok: false,
        reason: `unknown currency ${JSON.stringify(code)}: no ECB reference rate exists for it`,
      });
    }
  });

  it('rejects a date before a currency’s first rate, and a rate too old to trust', async () => {
    expect(await convertOne('10', 'EUR', '1998-12-31T12:00:00Z')).toEqual({
      ok: false,
      reason: 'no EUR rate on or before 1998-12-31',
    });
    // Croatia joined the euro: its last rate is 2022-12-30, fine for that day, stale two weeks later.
    expect(await convertOne('75.365', 'HRK', '2022-12-31T12:00:00Z')).toMatchObject({
      ok: true,
      rateDate: '2022-12-30',
    });
    expect(await convertOne('75.365', 'HRK', '2023-01-15T12:00:00Z')).toEqual({
      ok: false,
      reason: 'the last HRK rate before 2023-01-15 is from 2022-12-30, 16 days earlier (run the fx job)',
    });
    // After the history ends (2025-05-09) a rate is good for 7 days, not longer.
    expect(await convertOne('1', 'EUR', '2025-05-16T12:00:00Z')).toMatchObject({
      ok: true,
      rateDate: '2025-05-09',
    });
    expect(await convertOne('1', 'EUR', '2025-05-17T12:00:00Z')).toMatchObject({ ok: false });
  });

  it('rejects prices that are not positive decimals', async () => {
    const t = await table([{ currency: 'EUR', timestamp: at('2025-05-09T12:00:00Z') }]);
    const when = at('2025-05-09T12:00:00Z');
    for (const price of ['abc', '-5', '1e3', '', ' ', '12,50', 'NaN']) {
      expect(t.convert(price, 'EUR', when)).toEqual({
        ok: false,
        reason: `bad price ${JSON.stringify(price)}`,
      });
    }
    expect(t.convert('0.0000', 'EUR', when)).toEqual({ ok: false, reason: 'price is zero (no data)' });
    expect(t.convert('100000000000000', 'USD', when)).toMatchObject({ ok: false });
  });

  it('loads the rates for 100,000 listings in two queries', async () => {
    const currencies = ['EUR', 'GBP', 'CAD', 'PLN', 'USD'];
    const listings = Array.from({ length: 100_000 }, (_, i) => ({
      currency: currencies[i % currencies.length] as string,
      timestamp: new Date(Date.parse('2024-11-09T00:00:00Z') + (i % 180) * 86_400_000 + i),
    }));
    const spy = counting(em);
    const t = await loadRateTable(spy.em, listings);
    let converted = 0;
    for (const l of listings) if (t.convert('10.00', l.currency, l.timestamp).ok) converted++;
    expect(spy.count()).toBe(2);
    expect(converted).toBe(100_000);
  });
});
