import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hasDemoData, loadDemoData, retireDemoData } from '../../src/demo/demo-data.js';
import { ingestListings } from '../../src/ingest/pipeline.js';
import type { RawListing } from '../../src/ingest/types.js';
import { executeJob } from '../../src/jobs/execute-job.js';
import refreshSnapshots from '../../src/jobs/refresh-snapshots.js';
import { REFERENCE_DATA } from '../../src/reference-data/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const quiet = pino({ level: 'silent' });
const config = loadConfig({});

const NOW = new Date('2026-11-26T12:00:00Z');

/** The real level for one figure, read straight from the bundled price-guide cache. */
function realLevel(itemNo: string, condition: string): { sold: number; stockMin: number } {
  const line = readFileSync(REFERENCE_DATA.priceGuideCache, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${itemNo},${condition},`) && l.includes(',USD,'));
  const cols = (line ?? '').split(',');
  return { sold: Number(cols[5]), stockMin: Number(cols[7]) };
}

describe('first-run demo data', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  const sql = <T>(q: string, p: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, p);

  it('imports the bundled sample catalogue and 90 days of listings around real price levels', async () => {
    expect(await hasDemoData(db.orm.em.fork())).toBe(false);
    const result = await loadDemoData(db.orm.em.fork(), NOW);
    expect(result.catalogImported).toBe(932);
    // The set catalogue too, so that `set 75192` finds its set on the first run.
    expect(result.setsImported).toBeGreaterThan(20_000);
    const [falcon] = await sql<{ name: string }>(`select name from sets where set_no = '75192-1'`);
    expect(falcon?.name).toMatch(/^Millennium Falcon/);
    expect(result.listingsInserted).toBeGreaterThan(50_000);
    expect(await hasDemoData(db.orm.em.fork())).toBe(true);

    const [span] = await sql<{ first: string; last: string }>(
      `select min("timestamp") as first, max("timestamp") as last from price_listings`,
    );
    expect(new Date(span?.last ?? 0).getTime()).toBeLessThanOrEqual(NOW.getTime());
    expect(NOW.getTime() - new Date(span?.first ?? 0).getTime()).toBeLessThan(91 * 86_400_000);

    // sw0791 new: BrickLink's real 6-month sold average; the demo median sits near it.
    const level = realLevel('sw0791', 'new');
    const [stats] = await sql<{ median: string; min_asking: string }>(
      `select percentile_cont(0.5) within group (order by price_usd) filter (where kind = 'sold') as median,
              min(price_usd) filter (where kind = 'asking') as min_asking
       from price_listings l join minifigures m on m.id = l.minifigure_id
       where m.set_number = 'sw0791' and condition = 'new'`,
    );
    expect(Number(stats?.median)).toBeGreaterThan(level.sold * 0.6);
    expect(Number(stats?.median)).toBeLessThan(level.sold * 1.4);
    expect(Number(stats?.min_asking)).toBeGreaterThanOrEqual(level.stockMin);
  });

  it('never loads twice, and leaves a database with real listings alone', async () => {
    const again = await loadDemoData(db.orm.em.fork(), NOW);
    expect(again).toEqual({ catalogImported: 0, setsImported: 0, listingsInserted: 0 });
  });

  it('is replaced by the first real prices: in one transaction its listings are superseded, its snapshots and headlines cleared', async () => {
    await executeJob(refreshSnapshots, { orm: db.orm, config, log: quiet, now: NOW });
    const [derived] = await sql<{ snapshots: string; headlines: string }>(
      'select (select count(*) from price_snapshots) as snapshots, (select count(*) from headline_prices) as headlines',
    );
    expect(Number(derived?.snapshots)).toBeGreaterThan(10_000);
    expect(Number(derived?.headlines)).toBeGreaterThan(10_000);
    const [before] = await sql<{ n: string }>('select count(*) as n from price_listings');

    // A real source writes its first listings: the demo goes before they are written.
    const real = await ingestListings(db.orm.em.fork(), 'BrickLink', [sale('sw0791', 91.5, NOW)], {
      now: NOW,
      log: quiet,
    });
    expect(real.inserted).toBe(1);
    expect(await hasDemoData(db.orm.em.fork())).toBe(false);
    const [after] = await sql<{ total: string; current: string; snapshots: string; headlines: string }>(
      `select (select count(*) from price_listings) as total,
              (select count(*) from price_listings where superseded_at is null) as current,
              (select count(*) from price_snapshots) as snapshots,
              (select count(*) from headline_prices) as headlines`,
    );
    // Never deleted: every demo listing is still there, marked superseded; only the real one is current.
    expect(Number(after?.total)).toBe(Number(before?.n) + 1);
    expect(after?.current).toBe('1');
    expect(after?.snapshots).toBe('0');
    expect(after?.headlines).toBe('0');

    // The next refresh rebuilds from the real listing alone, and a second real write retires nothing.
    const refreshed = await executeJob(refreshSnapshots, { orm: db.orm, config, log: quiet, now: NOW });
    expect(refreshed.status === 'ran' && refreshed.summary).toMatchObject({ mode: 'full', snapshotRows: 1 });
    expect(await retireDemoData(db.orm.em.fork(), NOW)).toBe(0);
  });
});

function sale(itemNo: string, price: number, at: Date): RawListing {
  return {
    externalId: `real-${itemNo}-${price}`,
    timestamp: new Date(at.getTime() - 3_600_000),
    kind: 'sold',
    condition: 'new',
    quantity: 1,
    price: price.toFixed(4),
    currency: 'USD',
    itemNo,
    raw: { unit_price: price.toFixed(4) },
  };
}
