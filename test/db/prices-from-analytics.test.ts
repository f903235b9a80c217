/**
 * deps.prices over the analytics: the headline (outliers left out, stored changes), movers from the
 * stored headlines and the history series from price_snapshots, after a real snapshot refresh; and
 * nothing but the live headline before any refresh has run.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshSnapshots } from '../../src/analytics/refresh.js';
import type { FigureRef } from '../../src/core/figure.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { findByItemNumbers } from '../../src/db/repositories/figure-search.js';
import { upsertMinifigures } from '../../src/db/repositories/minifigures.js';
import type { Deps } from '../../src/deps.js';
import { basisText } from '../../src/replies/price.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;
const day = (daysAgo: number) => new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);

/** [item, daysAgo, price, source]: sold, used, confident listings at 12:00 UTC. */
type Row = [string, number, number, string?];

async function insert(em: EntityManager, rows: Row[]): Promise<void> {
  const payload = rows.map(([item, daysAgo, price, source], i) => ({
    item,
    ts: new Date(NOW.getTime() - daysAgo * DAY).toISOString(),
    price,
    source: source ?? 'BrickLink',
    ext: `analytics-${i}`,
  }));
  await em.getConnection().execute(
    `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, price_usd,
       original_price, original_currency, exchange_rate, confidence_score)
     select r.ts, m.id, s.id, r.ext, 'sold', 'used', r.price, r.price, 'USD', 1, 0.95
     from jsonb_to_recordset(?::jsonb) as r(item text, ts timestamptz, price numeric, source text, ext text)
     join minifigures m on m.set_number = r.item join data_sources s on s.name = r.source`,
    [JSON.stringify(payload)],
  );
}

// sw0002 doubles: about $10 thirty to sixty days ago, about $20 in the last thirty days.
// sw0004 halves. One absurd sale of sw0002 ($9,999) must be left out as an outlier.
const RISING: Row[] = [
  ...[40, 45, 50, 55, 58].map((d, i): Row => ['sw0002', d, [9.5, 10, 10, 10, 10.5][i] as number]),
  ...[8, 12, 16, 22, 29].map(
    (d, i): Row => ['sw0002', d, [19, 20, 20, 20, 21][i] as number, i % 2 ? 'eBay' : 'BrickLink'],
  ),
  ['sw0002', 10, 9999],
];
const FALLING: Row[] = [
  ...[40, 45, 50, 55, 58].map((d, i): Row => ['sw0004', d, [39, 40, 40, 40, 41][i] as number]),
  ...[8, 12, 16, 22, 29].map((d, i): Row => ['sw0004', d, [19, 20, 20, 20, 21][i] as number]),
];

describe('prices from the analytics', () => {
  let db: TestDatabase;
  let deps: () => Deps;
  let fig: Record<string, FigureRef>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    await upsertMinifigures(em, [
      {
        setNumber: 'sw0002',
        name: 'Boba Fett - Classic Grays',
        theme: 'Star Wars',
        yearReleased: 2000,
        metadata: {},
      },
      {
        setNumber: 'sw0004',
        name: 'Darth Vader (Light Gray Head)',
        theme: 'Star Wars',
        yearReleased: 1999,
        metadata: {},
      },
    ]);
    fig = Object.fromEntries((await findByItemNumbers(em, ['sw0002', 'sw0004'])).map((f) => [f.itemNo, f]));
    await insert(em, [...RISING, ...FALLING]);
    deps = createDepsFactory(db.orm, { now: () => NOW, minConfidence: 0.6 });
  });
  afterAll(() => db?.drop());

  it('before any refresh: the headline is live; history and movers wait for the stored figures', async () => {
    const [used] = (await deps().prices.quote(fig.sw0002 as FigureRef)).conditions;
    expect(used).toMatchObject({
      basis: 'sold',
      windowDays: 30,
      median: 20,
      listingCount: 5,
      outliersExcluded: 1,
    });
    expect(used?.change30d).toBeNull();
    // The service refreshes before it first answers (analytics/first-refresh.ts); nothing is made up meanwhile.
    expect(await deps().prices.dailySeries(fig.sw0002 as FigureRef, 30)).toEqual([]);
    const movers = await deps().prices.movers({ period: '30d', limit: 5 });
    expect([...movers.gainers, ...movers.losers]).toEqual([]);
  });

  it('after a refresh: the headline leaves the outlier out and carries its stored 7- and 30-day changes', async () => {
    await refreshSnapshots(db.orm.em.fork(), { minConfidence: 0.6, now: NOW, full: true });
    const quote = await deps().prices.quote(fig.sw0002 as FigureRef);
    expect(quote.conditions).toHaveLength(1);
    const used = quote.conditions[0];
    expect(used).toMatchObject({
      condition: 'used',
      basis: 'sold',
      windowDays: 30,
      median: 20,
      min: 19,
      max: 21,
      listingCount: 5,
      outliersExcluded: 1,
      lowConfidence: false,
    });
    expect(used?.change30d).toBeCloseTo(20 / 10 - 1, 10);
    expect(used?.change7d).toBeCloseTo(0, 10);
    expect(used?.bySource).toEqual([
      { source: 'BrickLink', listingCount: 3, median: 20 },
      { source: 'eBay', listingCount: 2, median: 20 },
    ]);
    expect(quote.sources).toEqual(['BrickLink', 'eBay']);
    expect(quote.asOf).toEqual(NOW);
    expect(basisText(used as NonNullable<typeof used>)).toBe(
      'median of 5 sold listings, last 30 days; 1 outlier left out',
    );
    expect((await deps().prices.quote(fig.sw0002 as FigureRef, 'new')).conditions).toEqual([]);
  });

  it('movers come from the stored headlines, with the listings behind both ends', async () => {
    const movers = await deps().prices.movers({ period: '30d', limit: 5 });
    expect(movers.asOf.toISOString().slice(0, 10)).toBe(day(0));
    expect(
      movers.gainers.map((m) => [
        m.figure.itemNo,
        m.condition,
        m.before,
        m.after,
        m.samplesBefore,
        m.samplesAfter,
      ]),
    ).toEqual([['sw0002', 'used', 10, 20, 5, 5]]);
    expect(movers.gainers[0]?.change).toBeCloseTo(1, 10);
    expect(movers.losers.map((m) => [m.figure.itemNo, m.before, m.after])).toEqual([['sw0004', 40, 20]]);
    expect(movers.losers[0]?.change).toBeCloseTo(-0.5, 10);
    expect((await deps().prices.movers({ period: '30d', theme: 'Town', limit: 5 })).gainers).toEqual([]);
  });

  it('history comes from the snapshots: one point per day, outliers left out', async () => {
    const series = await deps().prices.dailySeries(fig.sw0002 as FigureRef, 30, 'used');
    const expected = RISING.filter(([, d, p]) => d < 30 && p < 1000)
      .sort((a, b) => b[1] - a[1])
      .map(([, d, p]) => ({ date: day(d), median: p, min: p, max: p, count: 1, sold: 1 }));
    // Day 10 held only the $9,999 sale: alone on its day it is all there is, so it stays.
    const outlierDay = series.find((p) => p.date === day(10));
    expect(series.filter((p) => p.date !== day(10))).toEqual(expected);
    expect(outlierDay?.count).toBe(1);
    expect(await deps().prices.dailySeries(fig.sw0002 as FigureRef, 7)).toEqual([]);
    const all = await deps().prices.dailySeries(fig.sw0002 as FigureRef, 90);
    expect(all.map((p) => p.date)).toEqual([...new Set(RISING.map(([, d]) => day(d)))].sort());
  });

  it("the chart's stored headlines come with its day series: used has both, new (no listings) neither", async () => {
    const d = deps();
    const figure = fig.sw0002 as FigureRef;
    const stored = await db.orm.em
      .fork()
      .getConnection()
      .execute<{ date: string; price: string; basis: string }[]>(
        `select to_char(h.date, 'YYYY-MM-DD') as date, h.price_usd::text as price, h.basis from headline_prices h
         join minifigures m on m.id = h.minifigure_id
         where m.set_number = 'sw0002' and h.condition = 'used' and h.date > ?::date - 30 and h.date <= ?::date
         order by h.date`,
        [day(0), day(0)],
      );
    expect(stored.length).toBeGreaterThan(20);
    expect(await d.prices.headlineSeries?.(figure, 30, 'used')).toEqual(
      stored.map((r) => ({ date: r.date, price: Number(r.price), basis: r.basis })),
    );
    expect(await d.prices.headlineSeries?.(figure, 30, 'new')).toEqual([]);
    expect(await d.prices.dailySeries(figure, 30, 'new')).toEqual([]);
  });
});
