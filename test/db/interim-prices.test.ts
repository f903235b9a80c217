import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FigureRef } from '../../src/core/figure.js';
import { createDepsFactory } from '../../src/create-deps.js';
import { findByItemNumbers } from '../../src/db/repositories/figure-search.js';
import { interimDailySeries, interimMovers } from '../../src/db/repositories/interim-prices.js';
import { upsertMinifigures } from '../../src/db/repositories/minifigures.js';
import type { Deps, MoversQuery } from '../../src/deps.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const DAY = 86_400_000;

interface Listing {
  item: string;
  daysAgo: number;
  price: number;
  condition?: 'new' | 'used';
  kind?: 'sold' | 'asking';
  source?: string;
  confidence?: number;
  superseded?: boolean;
}

/** The reference median, written independently of the SQL under test. */
function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

let seq = 0;
async function insert(em: EntityManager, listings: Listing[]): Promise<void> {
  const rows = listings.map((l) => ({
    item: l.item,
    ts: new Date(NOW.getTime() - l.daysAgo * DAY).toISOString(),
    price: l.price,
    condition: l.condition ?? 'used',
    kind: l.kind ?? 'sold',
    source: l.source ?? 'BrickLink',
    confidence: l.confidence ?? 0.95,
    superseded: l.superseded ? NOW.toISOString() : null,
    ext: `test-${++seq}`,
  }));
  await em.getConnection().execute(
    `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, price_usd,
       original_price, original_currency, exchange_rate, confidence_score, superseded_at)
     select r.ts, m.id, s.id, r.ext, r.kind, r.condition, r.price, r.price, 'USD', 1, r.confidence, r.superseded
     from jsonb_to_recordset(?::jsonb) as r(item text, ts timestamptz, price numeric, condition text, kind text,
          source text, confidence numeric, superseded timestamptz, ext text)
     join minifigures m on m.set_number = r.item join data_sources s on s.name = r.source`,
    [JSON.stringify(rows)],
  );
}

describe('interim price figures from listings (before the first snapshot refresh)', () => {
  let db: TestDatabase;
  let deps: () => Deps;
  let fig: Record<string, FigureRef>;

  beforeAll(async () => {
    db = await createTestDatabase();
    const em = db.orm.em.fork();
    const meta = { category_id: 65, category_path: ['Star Wars'], weight_g: null };
    await upsertMinifigures(em, [
      {
        setNumber: 'sw0002',
        name: 'Boba Fett - Classic Grays',
        theme: 'Star Wars',
        yearReleased: 2000,
        metadata: meta,
      },
      {
        setNumber: 'sw0004',
        name: 'Darth Vader (Light Gray Head)',
        theme: 'Star Wars',
        yearReleased: 1999,
        metadata: meta,
      },
      {
        setNumber: 'cty0001',
        name: 'Octan - Green Jacket',
        theme: 'Town',
        yearReleased: 2005,
        metadata: meta,
      },
      {
        setNumber: 'sh0001',
        name: 'Green Lantern',
        theme: 'Super Heroes',
        yearReleased: 2011,
        metadata: meta,
      },
    ]);
    fig = Object.fromEntries(
      (await findByItemNumbers(em, ['sw0002', 'sw0004', 'cty0001', 'sh0001'])).map((f) => [f.itemNo, f]),
    );
    deps = createDepsFactory(db.orm, { now: () => NOW, minConfidence: 0.6 });
  });
  afterAll(() => db?.drop());
  beforeEach(async () => {
    await db.orm.em.fork().getConnection().execute('delete from price_listings');
  });

  it('returns one row per UTC day with median, min and max, oldest first, inside the range', async () => {
    const listings: Listing[] = [
      { item: 'sw0002', daysAgo: 0.1, price: 10 },
      { item: 'sw0002', daysAgo: 0.2, price: 20 },
      { item: 'sw0002', daysAgo: 0.3, price: 60 },
      { item: 'sw0002', daysAgo: 3, price: 7 },
      { item: 'sw0002', daysAgo: 3.1, price: 9, condition: 'new' },
      { item: 'sw0002', daysAgo: 6.4, price: 4 },
      { item: 'sw0002', daysAgo: 7.6, price: 100 },
    ];
    await insert(db.orm.em.fork(), listings);
    const em = db.orm.em.fork();
    const series = await interimDailySeries(em, (fig.sw0002 as FigureRef).id, 7, NOW, 0.6);
    const firstDay = new Date(NOW.getTime() - 6 * DAY).toISOString().slice(0, 10);
    const expected = new Map<string, number[]>();
    for (const l of listings) {
      const date = new Date(NOW.getTime() - l.daysAgo * DAY).toISOString().slice(0, 10);
      if (date >= firstDay) expected.set(date, [...(expected.get(date) ?? []), l.price]);
    }
    expect(series).toEqual(
      [...expected.keys()].sort().map((date) => {
        const p = expected.get(date) as number[];
        return { date, median: median(p), min: Math.min(...p), max: Math.max(...p), count: p.length };
      }),
    );
    const usedOnly = await interimDailySeries(em, (fig.sw0002 as FigureRef).id, 7, NOW, 0.6, 'used');
    expect(usedOnly.reduce((n, d) => n + d.count, 0)).toBe(5);
  });

  it('ranks movers by the change of their 30-day sold median, with sample sizes, filtered', async () => {
    const series = (item: string, before: number[], after: number[], condition: 'new' | 'used' = 'used') => [
      ...before.map((price, i) => ({ item, daysAgo: 31 + i, price, condition })),
      ...after.map((price, i) => ({ item, daysAgo: 1 + i, price, condition })),
    ];
    await insert(db.orm.em.fork(), [
      ...series('sw0002', [10, 10, 10], [15, 15, 15, 15]),
      ...series('sw0004', [20, 20, 20, 20], [10, 10, 10]),
      ...series('cty0001', [5, 5, 5], [6, 6, 6], 'new'),
      ...series('sh0001', [5, 5], [50, 50, 50]),
    ]);
    const em = db.orm.em.fork();
    const movers = (q: Omit<MoversQuery, 'period'>) => interimMovers(em, { period: '30d', ...q }, NOW, 0.6);
    const all = await movers({ limit: 5 });
    expect(
      all.gainers.map((m) => [
        m.figure.itemNo,
        m.condition,
        m.before,
        m.after,
        m.samplesBefore,
        m.samplesAfter,
      ]),
    ).toEqual([
      ['sw0002', 'used', 10, 15, 3, 4],
      ['cty0001', 'new', 5, 6, 3, 3],
    ]);
    expect(all.gainers[0]?.change).toBeCloseTo(0.5, 10);
    expect(all.losers.map((m) => [m.figure.itemNo, m.change])).toEqual([['sw0004', -0.5]]);
    expect(all.minSamples).toBe(3);

    const town = await movers({ theme: 'Town', limit: 5 });
    expect(town.gainers.map((m) => m.figure.itemNo)).toEqual(['cty0001']);
    const used = await movers({ condition: 'used', limit: 1 });
    expect(used.gainers.map((m) => m.figure.itemNo)).toEqual(['sw0002']);
    expect(used.losers.map((m) => m.figure.itemNo)).toEqual(['sw0004']);
  });

  it('the in-memory movers board agrees with movers computed from listings on every query', async () => {
    const listings: Listing[] = [];
    const items = ['sw0002', 'sw0004', 'cty0001', 'sh0001'];
    // Each figure and condition gets its own level and drift; listings on every day of 61.
    items.forEach((item, i) => {
      for (const condition of ['new', 'used'] as const) {
        for (let d = 0; d <= 60; d += 1 + (i % 2)) {
          const drift = (i + 1) * (condition === 'new' ? 0.003 : -0.002);
          listings.push({
            item,
            condition,
            daysAgo: d + 0.5,
            price: Math.round((20 + 5 * i) * (1 - drift * d) * 100) / 100,
          });
        }
      }
    });
    await insert(db.orm.em.fork(), listings);
    const now = NOW;
    const em = db.orm.em.fork();
    // No snapshot refresh has run, so the commands' movers come from the interim board.
    const board = createDepsFactory(db.orm, { now: () => now, minConfidence: 0.6 })();
    for (const period of ['1d', '7d', '30d'] as const) {
      for (const q of [
        {},
        { theme: 'Star Wars' },
        { condition: 'new' as const },
        { theme: 'Town', condition: 'used' as const },
      ]) {
        const query = { period, limit: 3, ...q };
        const fromBoard = await board.prices.movers(query);
        const fromListings = await interimMovers(em, query, now, 0.6);
        expect(fromBoard.gainers.length + fromBoard.losers.length).toBeGreaterThan(0);
        for (const side of ['gainers', 'losers'] as const) {
          expect(
            fromBoard[side].map((m) => [m.figure.itemNo, m.condition, m.samplesBefore, m.samplesAfter]),
          ).toEqual(
            fromListings[side].map((m) => [m.figure.itemNo, m.condition, m.samplesBefore, m.samplesAfter]),
          );
          for (const [k, m] of fromBoard[side].entries()) {
            expect(m.change).toBeCloseTo(fromListings[side][k]?.change as number, 10);
          }
        }
      }
    }
  });

  it("reports each source's last run and today's calls", async () => {
    const conn = db.orm.em.fork().getConnection();
    await conn.execute(
      `update data_sources set last_scraped_at = ?, last_scrape_success = false where name = 'eBay'`,
      [new Date(NOW.getTime() - 3_600_000)],
    );
    await conn.execute(
      `insert into source_api_calls (source_id, day, calls) select id, ?::date, 42 from data_sources where name = 'eBay'`,
      [NOW.toISOString().slice(0, 10)],
    );
    const status = await deps().sources.status();
    expect(status.find((s) => s.name === 'eBay')).toEqual({
      name: 'eBay',
      lastRunAt: new Date(NOW.getTime() - 3_600_000),
      lastRunSuccess: false,
      quotaPerDay: 5000,
      usedToday: 42,
    });
    expect(status.find((s) => s.name === 'LEGO')).toMatchObject({
      lastRunAt: null,
      usedToday: 0,
      quotaPerDay: null,
    });
  });
});
