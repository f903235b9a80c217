import { Migration } from '@mikro-orm/migrations';

/**
 * Tables behind the market analytics (src/analytics):
 *  - headline_prices: the headline price per figure, condition and as-of day over a rolling horizon
 *    (README "Prices: how they are computed"), with the sample behind it and trailing listing counts;
 *  - headline_lows: per figure and condition, the lowest sold-based headline price of the 90 days
 *    before the latest as-of day (for "new lows");
 *  - bricklink_price_guides: BrickLink's own price-guide summary per item, condition, guide type and
 *    fetch date, beside ours computed over the same detail entries;
 *  - snapshot_refresh_state: bookkeeping that makes the refresh incremental.
 * Plus two indexes on price_listings: superseded rows (found by the incremental refresh), and on plain
 * PostgreSQL a BRIN index on "timestamp" for day-range scans. A TimescaleDB hypertable already has
 * chunk exclusion and its own time index, so there the BRIN index is not created.
 *
 * No continuous aggregate: the snapshot needs medians and per-group outlier fences (percentiles of
 * deviations from a percentile), which continuous aggregates cannot express.
 */
export class Migration20261126000400_snapshot_analytics extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table headline_prices (
        minifigure_id uuid not null references minifigures (id),
        condition text not null check (condition in ('new', 'used')),
        date date not null,
        price_usd numeric(12, 4) not null check (price_usd >= 0),
        basis text not null check (basis in ('sold-30d', 'asking-30d', 'sold-180d', 'asking-180d')),
        window_days smallint not null check (window_days in (30, 180)),
        listing_count integer not null check (listing_count > 0),
        outliers_excluded integer not null check (outliers_excluded >= 0),
        low_confidence boolean not null,
        listings_1d integer not null,
        listings_7d integer not null,
        listings_30d integer not null,
        computed_at timestamptz not null default now(),
        primary key (minifigure_id, condition, date)
      );`);
    // Movers read every figure's row on two dates.
    this.addSql('create index idx_headline_prices_date on headline_prices (date, condition);');

    this.addSql(`
      create table headline_lows (
        minifigure_id uuid not null references minifigures (id),
        condition text not null check (condition in ('new', 'used')),
        as_of date not null,
        low_90d_usd numeric(12, 4) not null,
        priced_days smallint not null,
        computed_at timestamptz not null default now(),
        primary key (minifigure_id, condition)
      );`);

    this.addSql(`
      create table bricklink_price_guides (
        id bigint generated always as identity primary key,
        item_no text not null,
        minifigure_id uuid references minifigures (id),
        condition text not null check (condition in ('new', 'used')),
        guide_type text not null check (guide_type in ('sold', 'stock')),
        currency char(3) not null,
        fetched_at timestamptz not null,
        fetch_date date not null,
        reported_min_price numeric(14, 4) not null,
        reported_max_price numeric(14, 4) not null,
        reported_avg_price numeric(14, 4) not null,
        reported_qty_avg_price numeric(14, 4) not null,
        reported_unit_quantity integer not null,
        reported_total_quantity integer not null,
        our_min_price numeric(14, 4),
        our_max_price numeric(14, 4),
        our_avg_price numeric(14, 4),
        our_qty_avg_price numeric(14, 4),
        our_unit_quantity integer not null,
        our_total_quantity integer not null,
        analysis jsonb not null default '{}',
        entries jsonb not null default '[]',
        constraint bricklink_price_guides_unique unique (item_no, condition, guide_type, fetch_date)
      );`);
    this.addSql(
      'create index idx_bricklink_price_guides_figure on bricklink_price_guides (minifigure_id, fetch_date desc);',
    );

    this.addSql(`
      create table snapshot_refresh_state (
        id smallint primary key default 1 check (id = 1),
        watermark timestamptz,
        confidence_threshold numeric(4, 3),
        headline_through date,
        last_full_at timestamptz,
        last_run_at timestamptz,
        last_summary jsonb not null default '{}'
      );`);

    this.addSql(
      'create index idx_price_listings_superseded on price_listings (superseded_at) where superseded_at is not null;',
    );
    if (!(await isHypertable(this))) {
      // Ingestion appends roughly in time order, so block ranges stay narrow; tiny next to a btree.
      this.addSql(
        'create index idx_price_listings_timestamp_brin on price_listings using brin ("timestamp") with (pages_per_range = 32);',
      );
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists idx_price_listings_timestamp_brin;');
    this.addSql('drop index if exists idx_price_listings_superseded;');
    this.addSql('drop table if exists snapshot_refresh_state;');
    this.addSql('drop table if exists bricklink_price_guides;');
    this.addSql('drop table if exists headline_lows;');
    this.addSql('drop table if exists headline_prices;');
  }
}

async function isHypertable(m: Migration): Promise<boolean> {
  const ext = await m.execute(`select 1 from pg_extension where extname = 'timescaledb'`);
  if (ext.length === 0) return false;
  const rows = await m.execute(
    `select 1 from timescaledb_information.hypertables where hypertable_name = 'price_listings'`,
  );
  return rows.length > 0;
}
