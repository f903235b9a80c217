import { Migration } from '@mikro-orm/migrations';
import { PRICE_LISTINGS_DDL } from './Migration20261126000100_initial_schema.js';

/**
 * Where the timescaledb extension can be loaded, price_listings becomes a hypertable on
 * "timestamp" with 7-day chunks, compressed after 90 days. No retention policy: price data is
 * never deleted unless PRICE_RETENTION asks for it (applied after migrating, src/db/retention.ts).
 * Elsewhere (plain PostgreSQL, the embedded default) this migration does nothing
 * and the ordinary indexes serve the same queries.
 */
export class Migration20261126000300_timescaledb extends Migration {
  override async up(): Promise<void> {
    const available = await this.execute(`select 1 from pg_available_extensions where name = 'timescaledb'`);
    if (available.length === 0) return;

    // A server can ship the extension without preloading it; CREATE EXTENSION then fails.
    // The DO block's handler keeps that failure from aborting the migration's transaction.
    await this.execute(`
      do $$ begin
        create extension if not exists timescaledb;
      exception when others then
        raise notice 'timescaledb is installed but cannot be loaded: %', sqlerrm;
      end $$;`);
    if (!(await hasTimescale(this))) return;

    this.addSql(
      `select create_hypertable('price_listings', by_range('timestamp', interval '7 days'), migrate_data => true);`,
    );
    this.addSql(`
      alter table price_listings set (
        timescaledb.compress,
        timescaledb.compress_segmentby = 'minifigure_id',
        timescaledb.compress_orderby = '"timestamp" desc, id desc'
      );`);
    this.addSql(`select add_compression_policy('price_listings', interval '90 days');`);
  }

  override async down(): Promise<void> {
    if (!(await hasTimescale(this))) return;
    const hyper = await this.execute(
      `select 1 from timescaledb_information.hypertables where hypertable_name = 'price_listings'`,
    );
    if (hyper.length === 0) return;

    // A hypertable cannot be turned back in place: copy every row into a plain table of the original
    // shape, keeping ids, then swap. Nothing is lost. Reading the hypertable decompresses compressed
    // chunks on the fly, so the copy needs no decompress_chunk pass first (that would only rewrite
    // every old chunk just before it is dropped).
    this.addSql('create temporary table price_listings_rollback on commit drop as table price_listings;');
    // The copy only survives inside this transaction. Run without one (MikroORM's `transactional:
    // false`) it is gone by the next statement, or sits on another pooled connection, and the drop
    // below would lose every price: refuse before changing anything.
    this.addSql(`
      do $$ begin
        if to_regclass('pg_temp.price_listings_rollback') is null then
          raise exception 'the copy of price_listings is missing: run this migration in a transaction';
        end if;
      end $$;`);
    this.addSql(`select remove_compression_policy('price_listings', if_exists => true);`);
    this.addSql('drop table price_listings;');
    for (const sql of PRICE_LISTINGS_DDL) this.addSql(sql);
    this.addSql('insert into price_listings overriding system value select * from price_listings_rollback;');
    this.addSql(
      `select setval(pg_get_serial_sequence('price_listings', 'id'), coalesce(max(id), 0) + 1, false) from price_listings;`,
    );
    // The extension itself stays: it may predate us (the official image creates it) and holds no data.
  }
}

async function hasTimescale(m: Migration): Promise<boolean> {
  const rows = await m.execute(`select 1 from pg_extension where extname = 'timescaledb'`);
  return rows.length > 0;
}
