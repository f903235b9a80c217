import { Migration } from '@mikro-orm/migrations';

/**
 * price_listings as a plain table. Exported because the TimescaleDB migration's `down` rebuilds the
 * table from exactly this shape when it turns the hypertable back into a plain table.
 */
export const PRICE_LISTINGS_DDL = [
  `create table price_listings (
    id bigint generated always as identity,
    "timestamp" timestamptz not null,
    minifigure_id uuid not null references minifigures (id),
    source_id integer not null references data_sources (id),
    external_id text not null,
    kind text not null check (kind in ('sold', 'asking')),
    condition text not null check (condition in ('new', 'used')),
    quantity integer not null default 1 check (quantity > 0),
    price_usd numeric(12, 4) not null check (price_usd >= 0),
    original_price numeric(14, 4) not null check (original_price >= 0),
    original_currency char(3) not null,
    exchange_rate numeric(20, 10) not null check (exchange_rate > 0),
    confidence_score numeric(4, 3) not null check (confidence_score between 0 and 1),
    raw_data jsonb not null default '{}',
    seller_name text,
    ingested_at timestamptz not null default now(),
    superseded_at timestamptz,
    primary key (id, "timestamp"),
    constraint price_listings_upstream_unique unique (source_id, external_id, "timestamp")
  );`,
  // Seed query 2: one figure's listings over a time range.
  'create index idx_price_listings_minifigure on price_listings (minifigure_id, "timestamp" desc);',
  // Incremental snapshot refresh finds the days touched since its last run.
  'create index idx_price_listings_ingested on price_listings (ingested_at);',
];

/**
 * The seed schema (SEED-SCHEMA.md) plus what ingestion needs: an upstream id with a uniqueness
 * rule, a listing kind, a quantity and a superseded marker on price_listings.
 */
export class Migration20261126000100_initial_schema extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm;');

    this.addSql(`
      create table data_sources (
        id serial primary key,
        name text not null,
        api_type text not null check (api_type in ('API', 'SCRAPE', 'RSS')),
        is_active boolean not null default true,
        rate_limit_per_hour integer check (rate_limit_per_hour > 0),
        rate_limit_per_day integer check (rate_limit_per_day > 0),
        last_scraped_at timestamptz,
        last_scrape_success boolean,
        metadata jsonb not null default '{}',
        constraint data_sources_name_unique unique (name)
      );`);

    this.addSql(`
      create table minifigures (
        id uuid primary key default gen_random_uuid(),
        set_number text not null,
        name text not null,
        theme text,
        year_released smallint check (year_released between 1949 and 2100),
        metadata jsonb not null default '{}',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        constraint minifigures_set_number_unique unique (set_number)
      );`);
    // Seed query 1 filters theme and year together; year alone gets its own index.
    this.addSql('create index idx_minifigures_theme_year on minifigures (theme, year_released);');
    this.addSql('create index idx_minifigures_year on minifigures (year_released);');
    // Seed query 3 (full-text); the expression must match the query's to_tsvector exactly.
    this.addSql(
      `create index idx_minifigures_name_fts on minifigures using gin (to_tsvector('english', name));`,
    );
    this.addSql('create index idx_minifigures_name_trgm on minifigures using gin (name gin_trgm_ops);');
    this.addSql('create index idx_minifigures_metadata on minifigures using gin (metadata jsonb_path_ops);');

    for (const sql of PRICE_LISTINGS_DDL) this.addSql(sql);

    this.addSql(`
      create table price_snapshots (
        id bigint generated always as identity primary key,
        minifigure_id uuid not null references minifigures (id),
        date date not null,
        min_price_usd numeric(12, 4) not null,
        max_price_usd numeric(12, 4) not null,
        avg_price_usd numeric(12, 4) not null,
        median_price_usd numeric(12, 4) not null,
        listing_count integer not null check (listing_count >= 0),
        sources_count integer not null check (sources_count >= 0),
        metadata jsonb not null default '{}',
        computed_at timestamptz not null default now(),
        constraint price_snapshots_minifigure_id_date_unique unique (minifigure_id, date)
      );`);

    this.addSql(`
      create table exchange_rates (
        date date not null,
        currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
        rate numeric(20, 10) not null check (rate > 0),
        source text not null default 'ECB',
        fetched_at timestamptz not null default now(),
        primary key (date, currency)
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists exchange_rates;');
    this.addSql('drop table if exists price_snapshots;');
    this.addSql('drop table if exists price_listings;');
    this.addSql('drop table if exists minifigures;');
    this.addSql('drop table if exists data_sources;');
    // pg_trgm is left installed: other objects may use it, and it holds no data.
  }
}
