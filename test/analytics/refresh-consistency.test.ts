import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketMovers } from '../../src/analytics/movers.js';
import { type RefreshOptions, refreshSnapshots } from '../../src/analytics/refresh.js';
import { type MoverRow, moverRows } from '../../src/db/repositories/movers.js';
import { storedMoverRows } from '../../src/db/repositories/movers-latest.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { generateMarketListings } from '../support/synthetic-market.js';
import {
  addDays,
  insertFigures,
  readHeadlines,
  readListings,
  readLows,
  readMoversLatest,
  readSnapshots,
} from './fixtures.js';
import { counted, type RefHeadline, type RefListing, refHeadline, refSnapshot, round4 } from './reference.js';

/**
 * A realistic small market (40 figures, 120 days, junk, lots, superseded and low-confidence
 * listings) refreshed incrementally through new days, late sales and supersessions: after each run
 * every stored figure must equal the reference computed from the raw listings, and a --full rebuild
 * must then find nothing to change.
 */

const THRESHOLD = 0.6;
const END = '2026-05-01';
const HORIZON = 91;

const close = (actual: unknown, expected: number) => Math.abs(Number(actual) - round4(expected)) <= 0.00011;

function refHeadlines(listings: RefListing[], asOf: string): Map<string, RefHeadline> {
  const byGroup = new Map<string, RefListing[]>();
  for (const l of listings) {
    if (!counted(l, THRESHOLD)) continue;
    const key = `${l.figure}:${l.condition}`;
    byGroup.set(key, [...(byGroup.get(key) ?? []), l]);
  }
  const out = new Map<string, RefHeadline>();
  for (const [key, group] of byGroup) {
    for (let i = HORIZON - 1; i >= 0; i--) {
      const day = addDays(asOf, -i);
      const h = refHeadline(group, key.split(':')[1] as string, day);
      if (h) out.set(`${key}:${day}`, h);
    }
  }
  return out;
}

async function expectEverythingMatchesReference(
  em: EntityManager,
  asOf: string,
): Promise<Map<string, RefHeadline>> {
  const listings = await readListings(em);
  // Snapshots: every figure-day with a counted listing, and nothing else.
  const days = new Map<string, RefListing[]>();
  for (const l of listings.filter((x) => counted(x, THRESHOLD))) {
    const key = `${l.figure}:${l.day}`;
    days.set(key, [...(days.get(key) ?? []), l]);
  }
  const snapshots = await readSnapshots(em);
  expect(snapshots.map((s) => `${s.minifigure_id}:${s.date}`).sort()).toEqual([...days.keys()].sort());
  for (const s of snapshots) {
    const { all } = refSnapshot(days.get(`${s.minifigure_id}:${s.date}`) ?? []);
    const ok =
      close(s.median_price_usd, all.median) &&
      close(s.avg_price_usd, all.avg) &&
      close(s.min_price_usd, all.min) &&
      close(s.max_price_usd, all.max) &&
      s.listing_count === all.count &&
      s.sources_count === all.sources &&
      s.metadata.outliers_excluded === all.dropped;
    expect(ok, `snapshot ${s.minifigure_id} ${s.date}: ${JSON.stringify(s)} vs ${JSON.stringify(all)}`).toBe(
      true,
    );
  }
  // Headlines: a row exactly where the definition gives a price, with its value and sample.
  const expected = refHeadlines(listings, asOf);
  expect(expected.size).toBeGreaterThan(5000); // 40 figures x 2 conditions x 91 days, minus gaps
  const stored = await readHeadlines(em);
  expect(stored.map((h) => `${h.minifigure_id}:${h.condition}:${h.date}`).sort()).toEqual(
    [...expected.keys()].sort(),
  );
  for (const h of stored) {
    const ref = expected.get(`${h.minifigure_id}:${h.condition}:${h.date}`) as RefHeadline;
    const ok =
      close(h.price_usd, ref.price) &&
      h.basis === ref.basis &&
      h.listing_count === ref.count &&
      h.outliers_excluded === ref.dropped &&
      h.low_confidence === ref.low &&
      h.listings_1d === ref.listings1d &&
      h.listings_7d === ref.listings7d &&
      h.listings_30d === ref.listings30d &&
      h.sold_30d === ref.sold30d &&
      h.listed_now === ref.listedNow;
    expect(ok, `headline ${JSON.stringify(h)} vs ${JSON.stringify(ref)}`).toBe(true);
  }
  // Lows: the lowest sold-based headline of the 90 days before the as-of day.
  const lows = new Map<string, { low: number; days: number }>();
  for (const [key, h] of expected) {
    const [f, c, day] = key.split(':') as [string, string, string];
    if (h.basis !== 'sold-30d' || day >= asOf || day < addDays(asOf, -90)) continue;
    const prev = lows.get(`${f}:${c}`);
    lows.set(`${f}:${c}`, {
      low: Math.min(prev?.low ?? Infinity, round4(h.price)),
      days: (prev?.days ?? 0) + 1,
    });
  }
  const storedLows = await readLows(em);
  expect(storedLows.map((l) => `${l.minifigure_id}:${l.condition}`).sort()).toEqual([...lows.keys()].sort());
  for (const l of storedLows) {
    const ref = lows.get(`${l.minifigure_id}:${l.condition}`);
    expect(
      close(l.low_90d_usd, ref?.low ?? Number.NaN) && l.priced_days === ref?.days && l.as_of === asOf,
    ).toBe(true);
  }
  return expected;
}

/** Sales of an earlier day for 10 figures, ingested now, and `superseded` current listings superseded now. */
async function addLateSalesAndSupersessions(
  em: EntityManager,
  o: { day: string; sales: number; prefix: string; seed: number; superseded: number },
): Promise<void> {
  await generateMarketListings(em, {
    count: o.sales,
    days: 1,
    endDay: o.day,
    externalPrefix: o.prefix,
    ingestedAt: 'now',
    seed: o.seed,
    figureLimit: 10,
  });
  await em.getConnection().execute(
    `update price_listings set superseded_at = now()
     where id in (select id from price_listings where superseded_at is null order by md5(external_id) limit ?)`,
    [o.superseded],
  );
}

async function expectFullRebuildChangesNothing(em: EntityManager, opts: RefreshOptions): Promise<void> {
  const read = async () => [
    await readSnapshots(em),
    await readHeadlines(em),
    await readLows(em),
    await readMoversLatest(em),
  ];
  const before = await read();
  const full = await refreshSnapshots(em, { ...opts, full: true });
  expect(full).toMatchObject({ mode: 'full', snapshotsWritten: 0, snapshotsRemoved: 0 });
  expect(full).toMatchObject({ headlinesWritten: 0, headlinesRemoved: 0 });
  expect(await read()).toEqual(before);
}

describe('incremental refresh against the reference and against --full', () => {
  let db: TestDatabase;
  let em: EntityManager;
  const figures = Array.from({ length: 40 }, (_, i) => ({
    itemNo: `mk${String(i).padStart(4, '0')}`,
    theme: i % 2 ? 'Castle' : 'Star Wars',
  }));
  let opts: RefreshOptions;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    await insertFigures(em, figures);
    await generateMarketListings(em, {
      count: 12_000,
      days: 120,
      endDay: END,
      externalPrefix: 'a-',
      junkShare: 0.01,
    });
    // The default concurrency: snapshots, headlines and the lows' slide run side by side, as in production.
    opts = { minConfidence: THRESHOLD, now: new Date(`${END}T10:00:00Z`) };
  }, 120_000);
  afterAll(() => db?.drop());

  it('a first run rebuilds everything and matches the reference', async () => {
    const summary = await refreshSnapshots(em, opts);
    expect(summary).toMatchObject({ mode: 'full', reason: 'first run', asOf: END });
    expect(summary.headlineFrom).toBe(addDays(END, -90));
    await expectEverythingMatchesReference(em, END);
  });

  it('new sales today, late sales, supersessions and weak matches: incremental equals the reference', async () => {
    await generateMarketListings(em, {
      count: 600,
      days: 1,
      endDay: addDays(END, 1),
      externalPrefix: 'b-',
      ingestedAt: 'now',
      seed: 0.1,
    });
    await addLateSalesAndSupersessions(em, {
      day: addDays(END, -45),
      sales: 150,
      prefix: 'c-',
      seed: 0.2,
      superseded: 40,
    });
    const summary = await refreshSnapshots(em, opts);
    expect(summary.mode).toBe('incremental');
    // 750 new listings and 40 supersessions (a few may fall on the same new rows).
    expect(summary.changedListings).toBeGreaterThan(740);
    expect(summary.changedListings).toBeLessThanOrEqual(790);
    await expectEverythingMatchesReference(em, END);
    await expectFullRebuildChangesNothing(em, opts);
  });

  it('the next day: the new as-of day for every figure, the horizon moves on', async () => {
    const next = addDays(END, 1);
    await generateMarketListings(em, {
      count: 400,
      days: 1,
      endDay: addDays(next, 1),
      externalPrefix: 'd-',
      ingestedAt: 'now',
      seed: 0.3,
    });
    opts = { ...opts, now: new Date(`${next}T10:00:00Z`) };
    const summary = await refreshSnapshots(em, opts);
    expect(summary).toMatchObject({ mode: 'incremental', changedListings: 400, asOf: next });
    await expectEverythingMatchesReference(em, next);
    await expectFullRebuildChangesNothing(em, opts);
    expect(await refreshSnapshots(em, opts)).toMatchObject({
      changedListings: 0,
      snapshotsWritten: 0,
      headlinesWritten: 0,
      headlinesRemoved: 0,
    });
  });

  it('market movers equal the ones computed from the reference headlines', async () => {
    const asOf = addDays(END, 1);
    const expected = refHeadlines(await readListings(em), asOf);
    const names = new Map(
      (
        await em
          .getConnection()
          .execute<{ id: string; set_number: string; theme: string }[]>(
            'select id, set_number, theme from minifigures',
          )
      ).map((r) => [r.id, r]),
    );
    for (const [period, days, condition, theme, minListings] of [
      ['7d', 7, undefined, undefined, 5],
      ['30d', 30, 'used', undefined, 3],
      ['1d', 1, undefined, 'Castle', 1],
    ] as const) {
      const moves: { item: string; condition: string; change: number }[] = [];
      for (const [key, end] of expected) {
        const [f, c, day] = key.split(':') as [string, string, string];
        const start = expected.get(`${f}:${c}:${addDays(asOf, -days)}`);
        if (day !== asOf || !start || start.basis !== end.basis) continue;
        if ((condition && c !== condition) || (theme && names.get(f)?.theme !== theme)) continue;
        if (end.count < minListings || start.count < minListings) continue;
        const change = (round4(end.price) - round4(start.price)) / round4(start.price);
        if (change !== 0) moves.push({ item: names.get(f)?.set_number as string, condition: c, change });
      }
      const result = await marketMovers(em, { period, condition, theme, minListings, limit: 5 });
      expect(result).toMatchObject({ asOf, startDate: addDays(asOf, -days), minListings });
      const pick = (up: boolean) =>
        moves
          .filter((m) => (up ? m.change > 0 : m.change < 0))
          .sort((a, b) => (up ? b.change - a.change : a.change - b.change))
          .slice(0, 5)
          .map((m) => [m.item, m.condition, m.change.toFixed(6)]);
      const got = (list: { itemNo: string; condition: string; change: number }[]) =>
        list.map((m) => [m.itemNo, m.condition, m.change.toFixed(6)]);
      if (period === '7d') expect(pick(true).length * pick(false).length).toBeGreaterThan(0);
      expect(got(result.gainers)).toEqual(pick(true));
      expect(got(result.losers)).toEqual(pick(false));
      for (const m of [...result.gainers, ...result.losers]) {
        expect(m.start.listingCount).toBeGreaterThanOrEqual(minListings);
        expect(m.end.listingCount).toBeGreaterThanOrEqual(minListings);
        expect(m.lowConfidence).toBe(m.start.listingCount < 5 || m.end.listingCount < 5);
      }
    }
  });
  it('another day with late sales and supersessions: the lows slide a day and redo the changed figures', async () => {
    const next = addDays(END, 2);
    await generateMarketListings(em, {
      count: 400,
      days: 1,
      endDay: addDays(next, 1),
      externalPrefix: 'e-',
      ingestedAt: 'now',
      seed: 0.4,
    });
    // Late sales 20 days back rewrite their figures' earlier as-of days (and lows) in this run.
    await addLateSalesAndSupersessions(em, {
      day: addDays(next, -20),
      sales: 120,
      prefix: 'f-',
      seed: 0.5,
      superseded: 30,
    });
    opts = { ...opts, now: new Date(`${next}T10:00:00Z`) };
    const summary = await refreshSnapshots(em, opts);
    expect(summary).toMatchObject({ mode: 'incremental', asOf: next });
    await expectEverythingMatchesReference(em, next);
    await expectFullRebuildChangesNothing(em, opts);
  });

  it('the stored movers of the latest day give what its headlines give, for every list and option', async () => {
    // Each list is in its own order; the rows of a call come in any.
    const ordered = (rows: MoverRow[]) =>
      [...rows].sort((a, b) =>
        `${a.list}${a.item_no}${a.condition}`.localeCompare(`${b.list}${b.item_no}${b.condition}`),
      );
    const asOf = addDays(END, 2);
    const [stored] = await readMoversLatest(em);
    expect(stored?.as_of).toBe(asOf);
    const lists = new Set<string>();
    for (const period of ['1d', '7d', '30d'] as const) {
      for (const [condition, theme, minListings] of [
        [undefined, undefined, 5],
        ['new', undefined, 1],
        ['used', 'Castle', 3],
        [undefined, 'Star Wars', 8],
      ] as const) {
        const startDay = addDays(asOf, -Number.parseInt(period, 10));
        const q = {
          endDay: asOf,
          startDay,
          period,
          condition,
          theme,
          minListings,
          limit: 7,
          minPricedDays: 60,
        };
        const live = await moverRows(em, q).then(ordered);
        for (const r of live) lists.add(r.list);
        expect(await storedMoverRows(em, q).then(ordered)).toEqual(live);
        // Fewer priced days than the 60 of 90 that count for movers, so that some new lows show.
        // With a limit of 1, each list must also pick the same first row.
        for (const fewer of [
          { ...q, minPricedDays: 20 },
          { ...q, minPricedDays: 20, limit: 1 },
        ]) {
          const liveLows = await moverRows(em, fewer).then(ordered);
          for (const r of liveLows) lists.add(r.list);
          expect(await storedMoverRows(em, fewer).then(ordered)).toEqual(liveLows);
        }
      }
    }
    expect([...lists].sort()).toEqual(['gainers', 'losers', 'most_listed', 'new_lows']);
  });
});
