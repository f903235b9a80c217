import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlinePrice } from '../../src/analytics/headline.js';
import { marketMovers } from '../../src/analytics/movers.js';
import { refreshSnapshots } from '../../src/analytics/refresh.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { addDays, insertFigures, insertListings, type TestListing } from './fixtures.js';

/**
 * Hand-built price histories whose headline prices are known without running any code:
 *  - mv0001 used: six $10 sales 20-25 May, six $15 sales 25-30 June: 30-day move 10 -> 15, +50%.
 *  - mv0002 used: six $20 in May, six $16 in late June: -20%.
 *  - mv0003 used: two $30 in May, two $60 in June: +100% on 2 listings a side.
 *  - mv0004 used: six $10 sales in May, six $12 asking prices in June: the basis changed, no move.
 *  - mv0005 new: one sale a day from 1 March at $60 - $0.10 a day. The 30-day median is the mean of
 *    the two middle days, so on day t (0 = 1 March) it is 60 - 0.1 (t - 14.5): $49.35 on 30 June
 *    (t = 121), $52.35 on 31 May, $49.45 on 29 June; every day a new 90-day low. -5.73%.
 */
const NOW = new Date('2026-06-30T12:00:00Z');
const TODAY = '2026-06-30';

const sale = (figure: string, day: string, price: number, more: Partial<TestListing> = {}): TestListing => ({
  figure,
  day,
  condition: 'used',
  kind: 'sold',
  source: 'BrickLink',
  quantity: 1,
  price,
  confidence: 1,
  ...more,
});
const days = (from: string, n: number) => Array.from({ length: n }, (_, i) => addDays(from, i));

const HISTORY: TestListing[] = [
  ...days('2026-05-20', 6).map((d) => sale('mv0001', d, 10)),
  ...days('2026-06-25', 6).map((d) => sale('mv0001', d, 15)),
  ...days('2026-05-20', 6).map((d) => sale('mv0002', d, 20)),
  ...days('2026-06-25', 6).map((d) => sale('mv0002', d, 16)),
  ...days('2026-05-24', 2).map((d) => sale('mv0003', d, 30)),
  ...days('2026-06-28', 2).map((d) => sale('mv0003', d, 60)),
  ...days('2026-05-20', 6).map((d) => sale('mv0004', d, 10)),
  ...days('2026-06-25', 6).map((d) => sale('mv0004', d, 12, { kind: 'asking' })),
  ...days('2026-03-01', 122).map((d, t) =>
    sale('mv0005', d, Math.round((60 - 0.1 * t) * 100) / 100, { condition: 'new' }),
  ),
];

describe('market movers', () => {
  let db: TestDatabase;
  let em: EntityManager;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    await insertFigures(em, [
      { itemNo: 'mv0001', theme: 'Star Wars' },
      { itemNo: 'mv0002', theme: 'Castle' },
      { itemNo: 'mv0003', theme: 'Star Wars' },
      { itemNo: 'mv0004', theme: 'Castle' },
      { itemNo: 'mv0005', theme: 'Space' },
    ]);
    await insertListings(em, HISTORY);
    await refreshSnapshots(em, { minConfidence: 0.6, now: NOW });
  });
  afterAll(() => db?.drop());

  const summary = (
    list: { itemNo: string; condition: string; change: number; start: { priceUsd: number } }[],
  ) => list.map((m) => [m.itemNo, m.condition, m.start.priceUsd, Math.round(m.change * 10_000) / 10_000]);

  it('ranks 30-day gainers and losers with both ends and their sample sizes', async () => {
    const r = await marketMovers(em, { period: '30d' });
    expect(r).toMatchObject({ period: '30d', asOf: TODAY, startDate: '2026-05-31', minListings: 5 });
    expect(summary(r.gainers)).toEqual([['mv0001', 'used', 10, 0.5]]);
    expect(summary(r.losers)).toEqual([
      ['mv0002', 'used', 20, -0.2],
      ['mv0005', 'new', 52.35, -0.0573],
    ]);
    expect(r.gainers[0]).toMatchObject({
      end: { date: TODAY, priceUsd: 15, basis: 'sold-30d', listingCount: 6, lowConfidence: false },
      start: { date: '2026-05-31', priceUsd: 10, basis: 'sold-30d', listingCount: 6 },
      lowConfidence: false,
      theme: 'Star Wars',
    });
  });

  it('needs the minimum listings at both ends, and flags low-confidence moves when asked for fewer', async () => {
    const r = await marketMovers(em, { period: '30d', minListings: 2 });
    expect(summary(r.gainers)).toEqual([
      ['mv0003', 'used', 30, 1],
      ['mv0001', 'used', 10, 0.5],
    ]);
    expect(r.gainers[0]).toMatchObject({
      lowConfidence: true,
      start: { listingCount: 2 },
      end: { listingCount: 2 },
    });
    // mv0004 moved from a sold price to an asking price: never a move.
    expect([...r.gainers, ...r.losers].some((m) => m.itemNo === 'mv0004')).toBe(false);
  });

  it('filters by theme and condition, and limits each list', async () => {
    expect(summary((await marketMovers(em, { period: '30d', theme: 'Castle' })).losers)).toEqual([
      ['mv0002', 'used', 20, -0.2],
    ]);
    const newOnly = await marketMovers(em, { period: '30d', condition: 'new' });
    expect(newOnly.gainers).toEqual([]);
    expect(summary(newOnly.losers)).toEqual([['mv0005', 'new', 52.35, -0.0573]]);
    expect((await marketMovers(em, { period: '30d', limit: 1 })).losers.map((m) => m.itemNo)).toEqual([
      'mv0002',
    ]);
  });

  it('reports no move where the headline did not change (1 day for mv0001)', async () => {
    const r = await marketMovers(em, { period: '1d', minListings: 1 });
    expect(summary(r.losers)).toEqual([['mv0005', 'new', 49.45, -0.002]]);
    expect(r.gainers).toEqual([]);
  });

  it('lists the most listed over the period and the new 90-day lows', async () => {
    const r = await marketMovers(em, { period: '7d', minListings: 1 });
    expect(r.mostListed.map((m) => [m.itemNo, m.condition, m.listings])).toEqual([
      ['mv0005', 'new', 7],
      ['mv0001', 'used', 6],
      ['mv0002', 'used', 6],
      ['mv0004', 'used', 6],
      ['mv0003', 'used', 2],
    ]);
    expect(
      r.newLows.map((l) => [l.itemNo, l.condition, l.end.priceUsd, l.previousLowUsd, l.pricedDays]),
    ).toEqual([['mv0005', 'new', 49.35, 49.45, 90]]);
  });

  it('agrees with the live headline price, which also reports its change and split', async () => {
    const quote = await headlinePrice(em, (await figureId(em, 'mv0001')) as string, 'used', {
      minConfidence: 0.6,
      now: NOW,
    });
    expect(quote).toMatchObject({
      asOf: TODAY,
      priceUsd: 15,
      basis: 'sold-30d',
      windowDays: 30,
      listingCount: 6,
      lowConfidence: false,
      minUsd: 15,
      maxUsd: 15,
      bySource: [{ source: 'BrickLink', listingCount: 6, medianUsd: 15 }],
      // 7 days back the window held a single $10 sale: too few listings for a change.
      change: { '1d': 0, '7d': null, '30d': 0.5 },
    });
    const both = await headlinePrice(em, (await figureId(em, 'mv0004')) as string, undefined, {
      minConfidence: 0.6,
      now: NOW,
    });
    expect(both.map((q) => [q.condition, q.basis, q.priceUsd, q.listingCount])).toEqual([
      ['new', 'none', null, 0],
      ['used', 'asking-30d', 12, 6],
    ]);
  });

  it('is empty before the first refresh', async () => {
    await em.getConnection().execute('delete from headline_prices');
    expect(await marketMovers(em, { period: '7d' })).toEqual({
      period: '7d',
      asOf: null,
      startDate: null,
      minListings: 5,
      gainers: [],
      losers: [],
      mostListed: [],
      newLows: [],
    });
  });
});

async function figureId(em: EntityManager, itemNo: string): Promise<string | undefined> {
  const [row] = await em
    .getConnection()
    .execute<{ id: string }[]>('select id from minifigures where set_number = ?', [itemNo]);
  return row?.id;
}
