import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatImportSummary, importCatalogFile } from '../../src/catalog/import-catalog.js';
import { UserError } from '../../src/core/errors.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import { CATALOG_FILE, SETS_FILE } from '../support/paths.js';

/** Counted independently of the parser: data lines of the BrickLink file (non-blank, not the header). */
function countDataLines(file: string): number {
  return readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim() !== '').length;
}

describe('catalog import of the real BrickLink download', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());
  const sql = <T>(q: string, params: unknown[] = []) => db.orm.em.getConnection().execute<T[]>(q, params);

  it('brings in all 18,149 figures, then a second run changes nothing', async () => {
    expect(countDataLines(CATALOG_FILE)).toBe(18_149);
    const progress: number[] = [];
    const first = await importCatalogFile(db.orm.em.fork(), CATALOG_FILE, {
      onProgress: (done) => progress.push(done),
    });
    expect(first).toMatchObject({ inserted: 18_149, updated: 0, unchanged: 0, total: 18_149, rejected: [] });
    expect(progress.at(0)).toBe(0);
    expect(progress.at(-1)).toBe(18_149);
    const [{ n }] = (await sql<{ n: string }>('select count(*) as n from minifigures')) as [{ n: string }];
    expect(Number(n)).toBe(18_149);

    const before = await sql<{ max: Date }>('select max(updated_at) as max from minifigures');
    const second = await importCatalogFile(db.orm.em.fork(), CATALOG_FILE);
    expect(second).toMatchObject({ inserted: 0, updated: 0, unchanged: 18_149 });
    expect(formatImportSummary('f.txt', second)).toContain('Nothing changed: all 18,149 figures');
    const after = await sql<{ max: Date }>('select max(updated_at) as max from minifigures');
    expect(after).toEqual(before);
  });

  it('stores theme as the top-level category, with category path, id and weight in metadata', async () => {
    const rows = await sql<Record<string, unknown>>(
      `select set_number, name, theme, year_released, metadata from minifigures where set_number in ('sw0001a', 'cty0001') order by set_number`,
    );
    // Expected values read straight from the file with grep, not computed by our parser.
    expect(rows).toEqual([
      {
        set_number: 'cty0001',
        name: 'Octan - Green Jacket with Pockets, Smirk and Stubble Beard, Life Jacket',
        theme: 'Town',
        year_released: 2005,
        metadata: { category_id: 67, category_path: ['Town', 'City'], weight_g: 3.68 },
      },
      {
        set_number: 'sw0001a',
        name: 'Battle Droid - Tan, Angled Arms, 1 x 2 Plate on Back',
        theme: 'Star Wars',
        year_released: 1999,
        metadata: { category_id: 65, category_path: ['Star Wars', 'Star Wars Episode 1'], weight_g: 2 },
      },
    ]);
    const [unknownYear] = await sql<{ n: string }>(
      'select count(*) as n from minifigures where year_released is null',
    );
    expect(Number(unknownYear?.n)).toBe(242);
  });

  it('updates changed rows, keeps metadata added by other sources, and reports bad rows without aborting', async () => {
    await sql(
      `update minifigures set metadata = metadata || '{"retired": "2001-12-31"}' where set_number = 'sw0001a'`,
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'catalog-'));
    const file = path.join(dir, 'Minifigures.txt');
    writeFileSync(
      file,
      [
        'Category ID\tCategory Name\tNumber\tName\tYear Released\tWeight (in Grams)',
        '',
        '',
        '65\tStar Wars / Star Wars Episode 1\tsw0001a\tBattle Droid - Tan, Angled Arms (renamed)\t1999\t2',
        '65\tStar Wars\tbroken row',
        '65\tStar Wars / Star Wars Episode 1\tsw9999z\tBrand New Figure\t?\t?',
      ].join('\n'),
    );
    const summary = await importCatalogFile(db.orm.em.fork(), file);
    expect(summary).toMatchObject({ inserted: 1, updated: 1, unchanged: 0 });
    expect(summary.rejected).toEqual([{ line: 5, reason: 'expected 6 tab-separated columns, found 3' }]);
    expect(formatImportSummary(file, summary)).toMatch(/line 5: expected 6 tab-separated columns/);

    const [row] = await sql<{ name: string; metadata: Record<string, unknown> }>(
      `select name, metadata from minifigures where set_number = 'sw0001a'`,
    );
    expect(row?.name).toBe('Battle Droid - Tan, Angled Arms (renamed)');
    expect(row?.metadata).toMatchObject({ retired: '2001-12-31', category_id: 65 });
  });

  it('refuses a missing file or one with no figure rows with a clear message', async () => {
    await expect(importCatalogFile(db.orm.em.fork(), '/nonexistent/Minifigures.txt')).rejects.toThrow(
      new UserError('Cannot read /nonexistent/Minifigures.txt: no such file'),
    );
    const dir = mkdtempSync(path.join(tmpdir(), 'catalog-'));
    const file = path.join(dir, 'sets.csv');
    writeFileSync(file, 'set_num,name\n75192-1,Millennium Falcon\n');
    await expect(importCatalogFile(db.orm.em.fork(), file)).rejects.toThrow(/holds no minifigure rows/);
  });

  it('imports the sets download too: 20,952 sets, told apart by its header; a second run changes nothing', async () => {
    expect(countDataLines(SETS_FILE)).toBe(20_952);
    const first = await importCatalogFile(db.orm.em.fork(), SETS_FILE);
    expect(first).toMatchObject({ kind: 'sets', inserted: 20_952, updated: 0, rejected: [] });
    const second = await importCatalogFile(db.orm.em.fork(), SETS_FILE);
    expect(second).toMatchObject({ kind: 'sets', inserted: 0, updated: 0, unchanged: 20_952 });
    expect(formatImportSummary('Sets.txt', second)).toContain('Nothing changed: all 20,952 sets');
    // The row as grep shows it in the file.
    const rows = await sql<Record<string, unknown>>(
      `select set_no, number, name, theme, year_released, metadata from sets where number = '75192'`,
    );
    expect(rows).toEqual([
      {
        set_no: '75192-1',
        number: '75192',
        name: 'Millennium Falcon - UCS {2nd edition}',
        theme: 'Star Wars',
        year_released: 2017,
        metadata: {
          category_id: 65,
          category_path: ['Star Wars', 'Ultimate Collector Series', 'Star Wars Other'],
          weight_g: 13150,
          dimensions: '54 x 45 x 39',
        },
      },
    ]);
  });
});
