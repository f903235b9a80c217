import type { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../src/catalog/import-catalog.js';
import { query } from '../../src/db/repositories/analytics-sql.js';
import {
  findByItemNumbers,
  fuzzySearchFigures,
  searchFigures,
} from '../../src/db/repositories/figure-search.js';
import { figureListings, inputSql } from '../../src/db/repositories/headline-prices.js';
import { snapshotDailySeries } from '../../src/db/repositories/snapshot-series.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { interceptSql } from '../support/intercept-sql.js';
import { CATALOG_FILE } from '../support/paths.js';
import { generateListings, generateSnapshots } from '../support/synthetic-data.js';

/** EXPLAINs each statement instead of running it, so the repositories' real SQL is what gets planned. */
function explaining(em: EntityManager): EntityManager {
  return interceptSql(em, (text, params, run) => run(`explain (costs off) ${text}`, params));
}

async function planOf(run: (em: EntityManager) => Promise<unknown>, em: EntityManager): Promise<string> {
  const rows = (await run(explaining(em))) as { 'QUERY PLAN': string }[];
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

/**
 * The seed schema's query patterns, as the production code runs them, on the full catalogue and a
 * million listings: each is served by the index the schema made for it.
 */
describe('the seed query patterns at realistic volume', () => {
  let db: TestDatabase;
  let em: EntityManager;
  let vaderId: string;
  const today = Math.floor(Date.now() / 86_400_000);

  beforeAll(async () => {
    db = await createTestDatabase();
    em = db.orm.em.fork();
    await importCatalogFile(em, CATALOG_FILE);
    await generateListings(em, { count: 999_997, days: 365 });
    await generateSnapshots(em, { days: 30 });
    await em.getConnection().execute('analyze');
    vaderId = (await findByItemNumbers(em, ['sw0004']))[0]?.id as string;
    // The generated listings are spread at random over a year, so about one figure in a hundred has
    // none in the last 30 days: give the figure under test three of its own there (a million in all).
    await em.getConnection().execute(
      `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition,
                                   quantity, price_usd, original_price, original_currency, exchange_rate,
                                   confidence_score)
       select now() - make_interval(days => d), ?, (select min(id) from data_sources), 'vader-' || d,
              'sold', 'new', 1, 40 + d, 40 + d, 'USD', 1, 0.95
       from generate_series(1, 3) d`,
      [vaderId],
    );
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

  // The theme list (with every subtheme path) reads the whole catalogue once per cache period, so
  // only the filtered search is held to the index.
  it('query 1, theme and year: a search filtered by both uses idx_minifigures_theme_year', async () => {
    const filter = { theme: 'Star Wars', year: 2020 };
    expect(await planOf((e) => searchFigures(e, 'trooper', filter, 10), em)).toContain(
      'idx_minifigures_theme_year',
    );
    const figures = await searchFigures(em, 'trooper', filter, 50);
    expect(figures.length).toBeGreaterThan(0);
    expect(figures.every((f) => f.theme === 'Star Wars' && f.year === 2020)).toBe(true);
  });

  it("query 2, a figure's listings behind its live quote, uses idx_price_listings_minifigure", async () => {
    const q = {
      fromDay: today - 29,
      toDay: today,
      minConfidence: 0.6,
      figures: [vaderId],
      days: { timescale: false },
      withSources: true,
    };
    const { sql, params } = inputSql(q, true);
    const plan = await query<{ 'QUERY PLAN': string }[]>(em, `explain (costs off) ${sql}`, params);
    expect(plan.map((r) => r['QUERY PLAN']).join('\n')).toContain('idx_price_listings_minifigure');
    const [listings] = await figureListings(em, q);
    expect(listings?.minifigureId).toBe(vaderId);
    expect(listings?.days.every((d) => d >= today - 29 && d <= today)).toBe(true);
    expect(listings?.days).toEqual([...(listings?.days ?? [])].sort((a, b) => a - b));
  });

  it('query 3, full-text name search, uses the GIN index idx_minifigures_name_fts', async () => {
    expect(await planOf((e) => searchFigures(e, 'vader darth', {}, 10), em)).toContain(
      'idx_minifigures_name_fts',
    );
    const found = await searchFigures(em, 'vader darth', {}, 10);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((f) => /darth/i.test(f.name) && /vader/i.test(f.name))).toBe(true);
  });

  it('fuzzy lookup of a misspelt name uses the trigram index idx_minifigures_name_trgm', async () => {
    expect(await planOf((e) => fuzzySearchFigures(e, 'Dart Vadr', {}, 10), em)).toContain(
      'idx_minifigures_name_trgm',
    );
    const found = await fuzzySearchFigures(em, 'Darth Vadr', {}, 10);
    expect(found).toHaveLength(10);
    expect(found.every((f) => f.name.includes('Darth Vader'))).toBe(true);
  });

  it('query 4, the history chart of 90 days, uses the (minifigure_id, date) unique index', async () => {
    const now = new Date();
    expect(await planOf((e) => snapshotDailySeries(e, vaderId, 90, now), em)).toContain(
      'price_snapshots_minifigure_id_date_unique',
    );
    expect(await snapshotDailySeries(em, vaderId, 90, now)).toHaveLength(30);
  });
});
