import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brickLinkGuides, recordBrickLinkGuide } from '../../src/analytics/bricklink.js';
import { compareGuide, formatGuideComparison } from '../../src/analytics/bricklink-comparison.js';
import {
  analyseGuide,
  type BrickLinkGuideInput,
  readGuideEntries,
  sixMonthsBefore,
  summariseGuideEntries,
} from '../../src/analytics/bricklink-guide.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { insertFigures } from './fixtures.js';

const FETCHED = new Date('2026-04-19T10:00:00Z');

/** The stored guides read back and compared, as the price reply does. */
async function comparisons(em: EntityManager, figure: { minifigureId: string } | { itemNo: string }) {
  return (await brickLinkGuides(em, figure)).map((g) => compareGuide(g));
}

/** Sold detail as the API sends it; the last sale is older than BrickLink's 6-month window. */
const SOLD_DETAIL = [
  {
    quantity: 2,
    unit_price: '10.0000',
    seller_country_code: 'US',
    buyer_country_code: 'US',
    date_ordered: '2026-04-01T12:00:00.000Z',
  },
  {
    quantity: 1,
    unit_price: '12.5000',
    seller_country_code: 'DE',
    buyer_country_code: 'US',
    date_ordered: '2026-03-15T08:30:00.000Z',
  },
  {
    quantity: 5,
    unit_price: '9.9900',
    seller_country_code: 'US',
    buyer_country_code: 'CA',
    date_ordered: '2026-02-01T20:00:00.000Z',
  },
  {
    quantity: 1,
    unit_price: '30.0000',
    seller_country_code: 'US',
    buyer_country_code: 'US',
    date_ordered: '2025-09-01T10:00:00.000Z',
  },
];

/**
 * BrickLink's summary of the sold guide, by hand over the three sales of the last 6 months:
 * avg (10 + 12.5 + 9.99) / 3 = 10.83; qty_avg (2x10 + 12.5 + 5x9.99) / 8 = 82.45 / 8 = 10.30625.
 */
const SOLD: BrickLinkGuideInput = {
  itemNo: 'sw0001',
  condition: 'used',
  guideType: 'sold',
  currency: 'USD',
  fetchedAt: FETCHED,
  reported: {
    minPrice: '9.9900',
    maxPrice: '12.5000',
    avgPrice: '10.8300',
    qtyAvgPrice: '10.3063',
    unitQuantity: 3,
    totalQuantity: 8,
  },
  entries: SOLD_DETAIL,
};

/** Stock detail carries the quantity twice, once under the typo `qunatity`; one entry is garbage. */
const STOCK: BrickLinkGuideInput = {
  itemNo: 'sw0001',
  condition: 'new',
  guideType: 'stock',
  currency: 'EUR',
  fetchedAt: FETCHED,
  reported: {
    minPrice: '8.5000',
    maxPrice: '9.0000',
    avgPrice: '8.7500',
    qtyAvgPrice: '8.7000', // (3 x 8.5 + 2 x 9) / 5
    unitQuantity: 2,
    totalQuantity: 5,
  },
  entries: [
    { quantity: 3, qunatity: 3, unit_price: '8.5000', shipping_available: true },
    { qunatity: 2, unit_price: '9.0000', shipping_available: false },
    { quantity: 1, qunatity: 1, unit_price: 'abc', shipping_available: true },
  ],
};

describe("BrickLink's price guide figures beside ours", () => {
  it("computes BrickLink's definitions over the entries, quantities above 1 included", () => {
    const { read, unreadable } = readGuideEntries(SOLD_DETAIL, 'sold');
    expect(unreadable).toBe(0);
    // (10 + 12.5 + 9.99 + 30) / 4 = 15.6225; (20 + 12.5 + 49.95 + 30) / 9 = 12.49444.. -> 12.4944
    expect(summariseGuideEntries(read)).toEqual({
      minPrice: '9.9900',
      maxPrice: '30.0000',
      avgPrice: '15.6225',
      qtyAvgPrice: '12.4944',
      unitQuantity: 4,
      totalQuantity: 9,
    });
    expect(summariseGuideEntries([])).toMatchObject({ avgPrice: null, unitQuantity: 0, totalQuantity: 0 });
    expect(sixMonthsBefore(FETCHED).toISOString()).toBe('2025-10-19T10:00:00.000Z');
  });

  it("explains a difference by BrickLink's 6-month window and shows the outlier-free figures", () => {
    const { analysis } = analyseGuide(SOLD);
    expect(analysis.olderThanSixMonths).toBe(1);
    expect(analysis.lastSixMonths).toEqual(SOLD.reported); // 10.30625 rounds half up to 10.3063
    const c = compareGuide({ ...SOLD, analysis });
    expect(c.agrees).toBe(false);
    const line = (field: string) => c.lines.find((l) => l.field === field);
    expect(line('minPrice')).toMatchObject({
      reported: '9.9900',
      ours: '9.9900',
      agrees: true,
      explanation: null,
    });
    expect(line('avgPrice')).toMatchObject({
      reported: '10.8300',
      ours: '15.6225',
      difference: 4.7925,
      agrees: false,
    });
    expect(line('avgPrice')?.explanation).toMatch(/last 6 months; the detail also lists 1 older sale/);
    expect(line('totalQuantity')).toMatchObject({ reported: 8, ours: 9, difference: 1 });
    // $30 is an outlier among $9.99-$12.50 (3 MADs of the log price): the headline would leave it out.
    expect(analysis.withoutOutliers).toMatchObject({
      outliersExcluded: 1,
      avgPrice: '10.8300',
      median: '10.0000',
    });
    expect(c.notes).toEqual([
      expect.stringMatching(/^Outliers removed: our prices leave out 1 of these entries/),
    ]);
    expect(formatGuideComparison(c)[2]).toBe(
      `max: BrickLink 12.5000, ours 30.0000 (${line('maxPrice')?.explanation})`,
    );
  });

  it('reads the typo quantity of stock entries, counts garbage, and notes the currency date', () => {
    const { entries, analysis } = analyseGuide(STOCK);
    expect(entries.map((e) => [e.quantity, e.price])).toEqual([
      [3, 85000],
      [2, 90000],
    ]);
    const c = compareGuide({ ...STOCK, analysis });
    expect(c.agrees).toBe(true);
    expect(c.notes).toEqual([
      'Currency date: BrickLink converted these to EUR on 2026-04-19; our USD prices convert each sale at the ECB rate of its own day.',
      '1 detail entries could not be read and are not in ours.',
    ]);
    const odd = compareGuide({ ...STOCK, reported: { ...STOCK.reported, avgPrice: '11.0000' }, analysis });
    expect(odd.lines.find((l) => l.field === 'avgPrice')?.explanation).toBe(
      'not explained by the detail: over the same entries ours is 8.7500',
    );
    // One unit of rounding is no difference: BrickLink does not document how it rounds.
    const rounded = compareGuide({
      ...STOCK,
      reported: { ...STOCK.reported, qtyAvgPrice: '8.7001' },
      analysis,
    });
    expect(rounded.agrees).toBe(true);
  });

  describe('stored per figure, condition, guide type and fetch day', () => {
    let db: TestDatabase;
    let em: EntityManager;
    let figureId: string;

    beforeAll(async () => {
      db = await createTestDatabase();
      em = db.orm.em.fork();
      figureId = (await insertFigures(em, [{ itemNo: 'sw0001' }])).get('sw0001') as string;
    });
    afterAll(() => db?.drop());

    it('keeps the reported figures and ours, and shows them side by side later', async () => {
      const recorded = await recordBrickLinkGuide(em, SOLD);
      await recordBrickLinkGuide(em, STOCK);
      const shown = await comparisons(em, { minifigureId: figureId });
      expect(shown.map((c) => [c.condition, c.guideType, c.currency])).toEqual([
        ['new', 'stock', 'EUR'],
        ['used', 'sold', 'USD'],
      ]);
      expect(shown[1]).toEqual(recorded);
      const [row] = await em.getConnection().execute(
        `select reported_avg_price, our_avg_price, our_total_quantity, fetch_date::text, jsonb_array_length(entries) as n
           from bricklink_price_guides where guide_type = 'sold'`,
      );
      expect(row).toEqual({
        reported_avg_price: '10.8300',
        our_avg_price: '15.6225',
        our_total_quantity: 9,
        fetch_date: '2026-04-19',
        n: 4,
      });
    });

    it('a second fetch the same day replaces the first; a later day adds a row and becomes the latest', async () => {
      const same = {
        ...SOLD,
        fetchedAt: new Date('2026-04-19T18:00:00Z'),
        reported: { ...SOLD.reported, unitQuantity: 4 },
      };
      await recordBrickLinkGuide(em, same);
      const next = { ...SOLD, fetchedAt: new Date('2026-04-20T09:00:00Z'), entries: SOLD_DETAIL.slice(0, 3) };
      await recordBrickLinkGuide(em, next);
      const [count] = await em
        .getConnection()
        .execute<{ n: string }[]>(
          `select count(*) as n from bricklink_price_guides where guide_type = 'sold'`,
        );
      expect(count?.n).toBe('2');
      const latest = (await comparisons(em, { itemNo: 'SW0001' })).find((c) => c.guideType === 'sold');
      expect(latest?.fetchedAt).toBe('2026-04-20T09:00:00.000Z');
      expect(latest?.agrees).toBe(true);
    });

    it('keeps guides of items the catalogue does not know, unlinked', async () => {
      await recordBrickLinkGuide(em, { ...STOCK, itemNo: 'sw9999' });
      expect(await comparisons(em, { itemNo: 'sw9999' })).toHaveLength(1);
      expect(await comparisons(em, { itemNo: 'sw8888' })).toEqual([]);
    });
  });
});
