import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasDemoData, loadDemoData, retireDemoData } from '../../src/demo/demo-data.js';
import { REFERENCE_DATA } from '../../src/reference-data/index.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

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
    expect(again).toEqual({ catalogImported: 0, listingsInserted: 0 });
  });

  it('retires demo listings by marking them superseded, never deleting them', async () => {
    const [before] = await sql<{ n: string }>('select count(*) as n from price_listings');
    const retired = await retireDemoData(db.orm.em.fork(), NOW);
    expect(retired).toBe(Number(before?.n));
    expect(await hasDemoData(db.orm.em.fork())).toBe(false);
    const [after] = await sql<{ n: string }>('select count(*) as n from price_listings');
    expect(after?.n).toBe(before?.n);
  });
});
