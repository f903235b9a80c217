import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogFile } from '../../src/catalog/import-catalog.js';
import { listSetFigures } from '../../src/db/repositories/set-figures.js';
import { createMatcher } from '../../src/matching/index.js';
import { createMatcherPool } from '../../src/matching/pool.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { CATALOG_FILE } from '../support/paths.js';

/**
 * The matcher built from the database reads the fetched set inventories (set_minifigures), and
 * guesses from the catalogues for a set without one.
 */
describe('set inventories from the database', () => {
  let db: TestDatabase;
  const sql = (text: string, params: unknown[] = []) => db.orm.em.getConnection().execute(text, params);
  beforeAll(async () => {
    db = await createTestDatabase();
    await importCatalogFile(db.orm.em.fork(), CATALOG_FILE);
  });
  afterAll(() => db?.drop());

  it('guesses from the catalogues while no inventory is stored', async () => {
    expect(await listSetFigures(db.orm.em.fork())).toEqual(new Map());
    const matcher = await createMatcher(db.orm.em.fork());
    // 10221 came out in 2011: of the three Dengars (2006, 2011, 2016), the 2011 one.
    expect(matcher.matchOne('LEGO Star Wars Dengar from 10221').itemNo).toBe('sw0350');
  });

  it('resolves the name inside a stored inventory, in the matcher and in its worker pool', async () => {
    // Stored as the inventory of 10221 (it is not: the 2006 Dengar shows the inventory is what decides).
    await sql(`insert into sets (set_no, number, name) values ('10221-1', '10221', 'Super Star Destroyer')`);
    await sql(`insert into set_minifigures (set_no, item_no, quantity, fetched_at)
               values ('10221-1', 'sw0149', 1, now()), ('10221-1', 'sw0351', 1, now())`);
    expect(await listSetFigures(db.orm.em.fork())).toEqual(new Map([['10221', ['sw0149', 'sw0351']]]));
    const matcher = await createMatcher(db.orm.em.fork());
    expect(matcher.matchOne('LEGO Star Wars Dengar from 10221').itemNo).toBe('sw0149');
    const pool = await createMatcherPool(db.orm.em.fork(), { workers: 1 });
    try {
      expect((await pool.match(['LEGO Dengar aus Set 10221']))[0]?.itemNo).toBe('sw0149');
    } finally {
      await pool.close();
    }
  });
});
