import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headlinePrice } from '../../src/analytics/headline.js';
import { refreshSnapshots } from '../../src/analytics/refresh.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import {
  insertFigures,
  insertListings,
  readListings,
  readSnapshots,
  type SnapshotRow,
  type TestListing,
} from './fixtures.js';
import { counted, type RefListing, refSnapshot, round4, stats } from './reference.js';

const THRESHOLD = 0.6;
const NOW = new Date('2026-03-20T12:00:00Z');
const D1 = '2026-03-10';
const D2 = '2026-03-11';

const L = (
  figure: string,
  day: string,
  condition: 'new' | 'used',
  kind: 'sold' | 'asking',
  source: string,
  price: number,
  more: Partial<TestListing> = {},
): TestListing => ({ figure, day, condition, kind, source, price, quantity: 1, confidence: 0.9, ...more });

/** A figure-day with junk in both conditions, lots above one, and listings that must not count. */
const MIXED: TestListing[] = [
  L('tst0001', D1, 'used', 'sold', 'BrickLink', 20, { confidence: 1 }),
  L('tst0001', D1, 'used', 'sold', 'eBay', 21.5, { quantity: 3 }),
  L('tst0001', D1, 'used', 'asking', 'BrickLink', 19.75, { confidence: 1 }),
  L('tst0001', D1, 'used', 'asking', 'eBay', 22, { quantity: 2 }),
  L('tst0001', D1, 'used', 'asking', 'eBay', 9999),
  L('tst0001', D1, 'new', 'sold', 'BrickLink', 35, { confidence: 1, quantity: 4 }),
  L('tst0001', D1, 'new', 'sold', 'eBay', 36.2),
  L('tst0001', D1, 'new', 'asking', 'eBay', 0.01),
  L('tst0001', D1, 'new', 'asking', 'LEGO', 34.1, { confidence: 0.95 }),
  // Not counted: superseded, and below the match-confidence threshold.
  L('tst0001', D1, 'used', 'sold', 'BrickLink', 25, { superseded: true }),
  L('tst0001', D1, 'used', 'sold', 'eBay', 5, { confidence: 0.3 }),
  // Two prices cannot be screened: both stay.
  L('tst0001', D2, 'used', 'sold', 'BrickLink', 10),
  L('tst0001', D2, 'used', 'asking', 'eBay', 10000),
  // Only uncounted listings: no row at all.
  L('tst0002', D1, 'used', 'sold', 'eBay', 12, { superseded: true }),
  L('tst0002', D1, 'used', 'sold', 'eBay', 13, { confidence: 0.59 }),
  L('tst0002', D2, 'new', 'sold', 'Brickset', 40, { quantity: 2 }),
];

/** Eight ordinary sales of one figure on one day, for the junk test. */
const ORDINARY = [18.5, 19.99, 20, 20.5, 21, 21.25, 22, 23.4].map((p, i) =>
  L('tst0003', D1, 'used', 'sold', i % 2 ? 'eBay' : 'BrickLink', p, { minute: 600 + i }),
);

function expectClose(actual: unknown, expected: number): void {
  expect(Math.abs(Number(actual) - round4(expected))).toBeLessThanOrEqual(0.00011);
}

type Split = Record<string, number>;

function expectSplit(actual: unknown, kept: RefListing[], dropped: number, withSources: boolean): void {
  if (kept.length === 0 && dropped === 0) {
    expect(actual).toBeUndefined();
    return;
  }
  const s = actual as Split;
  const ref = stats(kept);
  expectClose(s.min, ref.min);
  expectClose(s.max, ref.max);
  expectClose(s.avg, ref.avg);
  expectClose(s.median, ref.median);
  expect(s.listing_count).toBe(ref.count);
  expect(s.units).toBe(ref.units);
  expect(s.outliers_excluded).toBe(dropped);
  if (withSources) expect(s.sources_count).toBe(ref.sources);
}

/** Checks one snapshot row against the reference computed from the raw listings of that figure-day. */
function expectMatchesReference(row: SnapshotRow, listings: RefListing[]): void {
  const day = listings.filter(
    (l) => l.figure === row.minifigure_id && l.day === row.date && counted(l, THRESHOLD),
  );
  const { all, kept } = refSnapshot(day);
  expectClose(row.min_price_usd, all.min);
  expectClose(row.max_price_usd, all.max);
  expectClose(row.avg_price_usd, all.avg);
  expectClose(row.median_price_usd, all.median);
  expect(row.listing_count).toBe(all.count);
  expect(row.sources_count).toBe(all.sources);
  const meta = row.metadata as Record<string, Record<string, unknown>>;
  expect(meta.outliers_excluded).toBe(all.dropped);
  expect(meta.units).toBe(all.units);
  const weighted = kept.reduce((a, l) => a + l.price * l.quantity, 0) / all.units;
  expectClose(meta.qty_avg_price, weighted);
  expect(meta.low_confidence).toBe(all.count < 5);
  const droppedWhere = (pick: (l: RefListing) => boolean) =>
    day.filter(pick).length - kept.filter(pick).length;
  for (const c of ['new', 'used'] as const) {
    const pick = (l: RefListing) => l.condition === c;
    expectSplit(meta.by_condition?.[c], kept.filter(pick), droppedWhere(pick), true);
    // The history chart's sales strip: the kept sales of the condition.
    const split = meta.by_condition?.[c] as Split | undefined;
    if (split) expect(split.sold_count).toBe(kept.filter((l) => pick(l) && l.kind === 'sold').length);
  }
  for (const k of ['sold', 'asking'] as const) {
    const pick = (l: RefListing) => l.kind === k;
    expectSplit(meta.by_kind?.[k], kept.filter(pick), droppedWhere(pick), true);
  }
  for (const source of ['BrickLink', 'eBay', 'LEGO', 'Brickset']) {
    const pick = (l: RefListing) => l.source === source;
    expectSplit(meta.by_source?.[source], kept.filter(pick), droppedWhere(pick), false);
  }
}

describe('daily snapshots', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let ids: Map<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    ids = await insertFigures(em, [{ itemNo: 'tst0001' }, { itemNo: 'tst0002' }, { itemNo: 'tst0003' }]);
    await insertListings(em, [...MIXED, ...ORDINARY]);
  });
  afterAll(() => db?.drop());

  it('makes one row per figure-day with counted listings, matching the reference figures', async () => {
    const summary = await refreshSnapshots(em, { minConfidence: THRESHOLD, now: NOW });
    expect(summary).toMatchObject({
      mode: 'full',
      reason: 'first run',
      snapshotRows: 4,
      snapshotsRemoved: 0,
    });
    const rows = await readSnapshots(em);
    const listings = await readListings(em);
    const keys = rows.map((r) => `${r.minifigure_id}:${r.date}`);
    const [a, b, c] = ['tst0001', 'tst0002', 'tst0003'].map((n) => ids.get(n));
    expect(keys).toEqual(
      [`${a}:${D1}`, `${a}:${D2}`, `${b}:${D2}`, `${c}:${D1}`].sort((x, y) => x.localeCompare(y)),
    );
    for (const row of rows) expectMatchesReference(row, listings);
  });

  it('drops the $9,999 and $0.01 listings but keeps both prices of a two-listing day', async () => {
    const rows = await readSnapshots(em);
    const mixed = rows.find((r) => r.minifigure_id === ids.get('tst0001') && r.date === D1);
    // used: 19.75 20 21.5 22 (9999 out); new: 34.1 35 36.2 (0.01 out). Hand-computed.
    expect(mixed).toMatchObject({
      min_price_usd: '19.7500',
      max_price_usd: '36.2000',
      median_price_usd: '22.0000',
      listing_count: 7,
      sources_count: 3,
    });
    expect(mixed?.avg_price_usd).toBe('26.9357'); // 188.55 / 7
    expect(mixed?.metadata).toMatchObject({ outliers_excluded: 2, units: 13, low_confidence: false });
    // (20 + 21.5*3 + 19.75 + 22*2 + 35*4 + 36.2 + 34.1) / 13 = 358.55 / 13
    expect(mixed?.metadata.qty_avg_price).toBe(27.5808);
    const pair = rows.find((r) => r.minifigure_id === ids.get('tst0001') && r.date === D2);
    expect(pair).toMatchObject({ min_price_usd: '10.0000', max_price_usd: '10000.0000', listing_count: 2 });
    expect(pair?.metadata).toMatchObject({ outliers_excluded: 0, low_confidence: true });
  });

  it('leaves out superseded and low-confidence listings', async () => {
    const rows = await readSnapshots(em);
    expect(rows.find((r) => r.minifigure_id === ids.get('tst0002') && r.date === D1)).toBeUndefined();
    const used = (
      rows.find((r) => r.minifigure_id === ids.get('tst0001') && r.date === D1)?.metadata?.by_condition as
        | Record<string, Split>
        | undefined
    )?.used;
    expect(used?.listing_count).toBe(4); // not the superseded $25 nor the 0.3-confidence $5
  });

  it('a single $9,999 or $0.01 sale moves neither the median nor the headline', async () => {
    const before = (await readSnapshots(em)).find((r) => r.minifigure_id === ids.get('tst0003'));
    const id = ids.get('tst0003') as string;
    const headlineBefore = await headlinePrice(em, id, 'used', { minConfidence: THRESHOLD, now: NOW });
    for (const junk of [9999, 0.01]) {
      await insertListings(em, [L('tst0003', D1, 'used', 'sold', 'eBay', junk, { minute: 900 })]);
      const summary = await refreshSnapshots(em, { minConfidence: THRESHOLD, now: NOW });
      expect(summary).toMatchObject({ mode: 'incremental', changedListings: 1, snapshotRows: 1 });
      const after = (await readSnapshots(em)).find((r) => r.minifigure_id === id);
      expect(after?.median_price_usd).toBe(before?.median_price_usd);
      expect(after?.avg_price_usd).toBe(before?.avg_price_usd);
      expect(after?.listing_count).toBe(8);
      const headline = await headlinePrice(em, id, 'used', { minConfidence: THRESHOLD, now: NOW });
      expect(headline.priceUsd).toBe(headlineBefore.priceUsd);
      expect(headline.listingCount).toBe(8);
    }
    const after = (await readSnapshots(em)).find((r) => r.minifigure_id === id);
    expect(after?.metadata.outliers_excluded).toBe(2);
    expect(before?.median_price_usd).toBe('20.7500'); // (20.5 + 21) / 2
  });

  it('is idempotent: a second run writes nothing and leaves every row as it was', async () => {
    const before = await readSnapshots(em);
    const again = await refreshSnapshots(em, { minConfidence: THRESHOLD, now: NOW });
    expect(again).toMatchObject({
      mode: 'incremental',
      changedListings: 0,
      snapshotsWritten: 0,
      snapshotsRemoved: 0,
    });
    const full = await refreshSnapshots(em, { minConfidence: THRESHOLD, now: NOW, full: true });
    expect(full).toMatchObject({
      mode: 'full',
      snapshotsWritten: 0,
      snapshotsRemoved: 0,
      headlinesWritten: 0,
    });
    expect(await readSnapshots(em)).toEqual(before);
  });

  it('removes the row of a figure-day whose listings were all superseded since', async () => {
    await em.getConnection().execute(
      `update price_listings set superseded_at = now()
         where minifigure_id = ? and "timestamp" >= ?::date and "timestamp" < ?::date + 1`,
      [ids.get('tst0002'), D2, D2],
    );
    const summary = await refreshSnapshots(em, { minConfidence: THRESHOLD, now: NOW });
    expect(summary).toMatchObject({ snapshotsRemoved: 1 });
    expect((await readSnapshots(em)).some((r) => r.minifigure_id === ids.get('tst0002'))).toBe(false);
  });

  it('recomputes everything when the match-confidence threshold changes', async () => {
    const summary = await refreshSnapshots(em, { minConfidence: 0.25, now: NOW });
    expect(summary.mode).toBe('full');
    expect(summary.reason).toMatch(/threshold changed \(0\.6 to 0\.25\)/);
    const used = (
      (await readSnapshots(em)).find((r) => r.minifigure_id === ids.get('tst0001') && r.date === D1)?.metadata
        ?.by_condition as Record<string, Split> | undefined
    )?.used;
    // The 0.3-confidence $5 counts now, and is then screened out: 4x below the median is past the fence.
    expect(used).toMatchObject({ listing_count: 4, outliers_excluded: 2 });
    await refreshSnapshots(em, { minConfidence: THRESHOLD, now: NOW });
  });
});
