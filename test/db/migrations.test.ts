import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import { migrateUp, migrationStatus, rollbackLast } from '../../src/db/migrations.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';

const SEED_TABLES = ['data_sources', 'exchange_rates', 'minifigures', 'price_listings', 'price_snapshots'];

describe('migrations on plain PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrated: false });
  });
  afterAll(() => db?.drop());

  const tables = async () =>
    (
      await db.orm.em
        .getConnection()
        .execute<{ table_name: string }[]>(
          `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations' order by 1`,
        )
    ).map((r) => r.table_name);

  it('applies every migration, builds the seed tables and seeds the data sources', async () => {
    const applied = await migrateUp(db.orm);
    expect(applied).toEqual(migrationsList.map((m) => m.name));
    expect(await tables()).toEqual(expect.arrayContaining(SEED_TABLES));

    const sources = await db.orm.em
      .getConnection()
      .execute(
        'select name, api_type, rate_limit_per_hour, rate_limit_per_day, is_active from data_sources order by name',
      );
    expect(sources).toEqual([
      {
        name: 'BrickLink',
        api_type: 'API',
        rate_limit_per_hour: 208,
        rate_limit_per_day: 5000,
        is_active: true,
      },
      { name: 'Brickset', api_type: 'API', rate_limit_per_hour: 4, rate_limit_per_day: 100, is_active: true },
      {
        name: 'LEGO',
        api_type: 'SCRAPE',
        rate_limit_per_hour: 60,
        rate_limit_per_day: null,
        is_active: true,
      },
      { name: 'eBay', api_type: 'API', rate_limit_per_hour: 208, rate_limit_per_day: 5000, is_active: true },
    ]);
    const status = await migrationStatus(db.orm);
    expect(status.pending).toEqual([]);
    expect(status.timescaledb).toEqual({ installed: false, hypertable: false, compressionPolicy: false });
  });

  it('builds every index the seed queries rely on', async () => {
    const rows = await db.orm.em
      .getConnection()
      .execute<{ indexname: string; indexdef: string }[]>(
        `select indexname, indexdef from pg_indexes where schemaname = 'public' order by indexname`,
      );
    const defs = Object.fromEntries(rows.map((r) => [r.indexname, r.indexdef]));
    expect(defs.idx_minifigures_name_fts).toMatch(/USING gin \(to_tsvector\('english'::regconfig, name\)\)/);
    expect(defs.idx_minifigures_name_trgm).toMatch(/USING gin \(name gin_trgm_ops\)/);
    expect(defs.idx_minifigures_metadata).toMatch(/USING gin \(metadata jsonb_path_ops\)/);
    expect(defs.idx_minifigures_theme_year).toMatch(/\(theme, year_released\)/);
    expect(defs.idx_price_listings_minifigure).toMatch(/\(minifigure_id, "timestamp" DESC\)/);
    expect(defs.price_snapshots_minifigure_id_date_unique).toMatch(/UNIQUE .*\(minifigure_id, date\)/);
    expect(defs.minifigures_set_number_unique).toMatch(/UNIQUE .*\(set_number\)/);
    expect(defs.price_listings_upstream_unique).toMatch(/UNIQUE .*\(source_id, external_id, "timestamp"\)/);
  });

  it('rolls every migration back one by one, then applies them again', async () => {
    const reverted: string[] = [];
    for (;;) {
      const name = await rollbackLast(db.orm);
      if (!name) break;
      reverted.push(name);
    }
    expect(reverted).toEqual(migrationsList.map((m) => m.name).reverse());
    expect(await tables()).toEqual([]);
    expect(await migrateUp(db.orm)).toHaveLength(migrationsList.length);
    expect(await tables()).toEqual(expect.arrayContaining(SEED_TABLES));
  });

  it('a second migrate is a no-op', async () => {
    expect(await migrateUp(db.orm)).toEqual([]);
  });
});
