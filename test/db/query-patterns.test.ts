import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../src/catalog/import-catalog.js';
import {
  findBySetNumber,
  findByThemeAndYear,
  fuzzyFindByName,
  searchByName,
} from '../../src/db/repositories/minifigures.js';
import { listingHistory, snapshotSeries } from '../../src/db/repositories/price-history.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { CATALOG_FILE } from '../support/paths.js';
import { generateListings, generateSnapshots } from '../support/synthetic-data.js';

/**
 * An EntityManager look-alike that EXPLAINs instead of running, so each repository function's
 * real SQL and parameters are what gets planned.
 */
function explaining(em: EntityManager): EntityManager {
  const conn = em.getConnection();
  return {
    getConnection: () => ({
      execute: (sql: string, params: unknown[]) => conn.execute(`explain (costs off) ${sql}`, params),
    }),
  } as unknown as EntityManager;
}

async function planOf(run: (em: EntityManager) => Promise<unknown>, em: EntityManager): Promise<string> {
  const rows = (await run(explaining(em))) as { 'QUERY PLAN': string }[];
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe('the seed query patterns at realistic volume', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let vaderId: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    await importCatalogFile(em, CATALOG_FILE);
    await generateListings(em, { count: 1_000_000, days: 365 });
    await generateSnapshots(em, { days: 30 });
    await em.getConnection().execute('analyze');
    vaderId = (await findBySetNumber(em, 'sw0004'))?.id as string;
  }, 300_000);
  afterAll(() => db?.drop());

  it('holds the full catalogue and a million listings', async () => {
    const [row] = await em
      .getConnection()
      .execute<{ figs: string; listings: string }[]>(
        'select (select count(*) from minifigures) as figs, (select count(*) from price_listings) as listings',
      );
    expect(row).toEqual({ figs: '18149', listings: '1000000' });
  });

  it('query 1, theme and year, uses idx_minifigures_theme_year', async () => {
    const plan = await planOf((e) => findByThemeAndYear(e, 'Star Wars', 2020), em);
    expect(plan).toContain('idx_minifigures_theme_year');
    const figures = await findByThemeAndYear(em, 'Star Wars', 2020);
    expect(figures.length).toBeGreaterThan(10);
    expect(figures.every((f) => f.theme === 'Star Wars' && f.yearReleased === 2020)).toBe(true);
  });

  it('query 2, 30-day listing history, uses idx_price_listings_minifigure', async () => {
    const plan = await planOf((e) => listingHistory(e, vaderId, 30), em);
    expect(plan).toContain('idx_price_listings_minifigure');
    const points = await listingHistory(em, vaderId, 30);
    const cutoff = Date.now() - 30 * 86_400_000;
    expect(points.every((p) => new Date(p.timestamp).getTime() > cutoff)).toBe(true);
    const times = points.map((p) => new Date(p.timestamp).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('query 3, full-text name search, uses the GIN index idx_minifigures_name_fts', async () => {
    const plan = await planOf((e) => searchByName(e, 'vader darth'), em);
    expect(plan).toContain('idx_minifigures_name_fts');
    const found = await searchByName(em, 'vader darth');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => /darth/i.test(f.name) && /vader/i.test(f.name))).toBe(true);
  });

  it('fuzzy lookup of a misspelt name uses the trigram index idx_minifigures_name_trgm', async () => {
    const plan = await planOf((e) => fuzzyFindByName(e, 'Dart Vadr'), em);
    expect(plan).toContain('idx_minifigures_name_trgm');
    const found = await fuzzyFindByName(em, 'Darth Vadr');
    expect(found).toHaveLength(10);
    expect(found.every((f) => f.name.includes('Darth Vader'))).toBe(true);
  });

  it('query 4, 90-day snapshot chart, uses the (minifigure_id, date) unique index', async () => {
    const plan = await planOf((e) => snapshotSeries(e, vaderId, 90), em);
    expect(plan).toContain('price_snapshots_minifigure_id_date_unique');
    const series = await snapshotSeries(em, vaderId, 90);
    expect(series).toHaveLength(30);
  });
});
