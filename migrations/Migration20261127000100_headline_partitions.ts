import { Migration } from '@mikro-orm/migrations';
import { createMoversLatest } from './Migration20261126001000_movers_latest.js';

/**
 * headline_prices becomes partitioned by 7-day ranges of as-of day (like price_listings' chunks on
 * TimescaleDB), a partition per week of the 91-day horizon.
 *
 * Why: each daily refresh adds one row per figure and condition (36,000) for the new day, and the
 * primary key and the lows index are ordered by figure, so in one table of 3.3 million rows every
 * new row landed on a different leaf page: 73,000 pages read and dirtied, 310 MB of WAL (full-page
 * images after a checkpoint), 1.2 to 1.6 s. In a partition of at most a week those indexes have a
 * few thousand leaf pages (measured: 0.33 s with monthly partitions, less with weekly).
 *
 * The rows are derived, so the foreign key to minifigures is not kept: a figure with headlines has
 * listings, whose own foreign key already holds it, and the check cost 0.18 s per day.
 *
 * Partitions are made by ensure_headline_partitions(from, to) before rows are written, and
 * drop_headline_partitions_before(day) drops those wholly before the horizon (their rows are pruned
 * anyway). Partitions start on day numbers divisible by 7 (days since 1970-01-01, a Thursday) and
 * are named headline_prices_YYYYMMDD after their first day.
 */
const COLUMNS = `
  minifigure_id uuid not null,
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
  primary key (minifigure_id, condition, date)`;

const INDEXES = [
  // Movers of an earlier day read every figure's row on two dates.
  'create index idx_headline_prices_date on headline_prices (date, condition);',
  // See Migration20261126000900_headline_lows_index.
  `create index idx_headline_prices_sold_lows on headline_prices (minifigure_id, condition, date)
     include (price_usd) where basis = 'sold-30d';`,
];

/** Renames the current table and its indexes out of the way, so the new one can take the names. */
function setAside(suffix: string): string[] {
  return [
    'drop materialized view if exists movers_latest;',
    `alter table headline_prices rename to headline_prices_${suffix};`,
    `alter index headline_prices_pkey rename to headline_prices_${suffix}_pkey;`,
    `alter index idx_headline_prices_date rename to idx_headline_prices_${suffix}_date;`,
    `alter index idx_headline_prices_sold_lows rename to idx_headline_prices_${suffix}_sold_lows;`,
  ];
}

const ENSURE_PARTITIONS = `
  create function ensure_headline_partitions(from_day date, to_day date) returns integer
  language plpgsql as $$
  declare
    start date := date '1970-01-01' + ((from_day - date '1970-01-01') / 7) * 7;
    name text;
    made integer := 0;
  begin
    while start <= to_day loop
      name := 'headline_prices_' || to_char(start, 'YYYYMMDD');
      if to_regclass(name) is null then
        execute format('create table %I partition of headline_prices for values from (%L) to (%L)',
                       name, start, start + 7);
        made := made + 1;
      end if;
      start := start + 7;
    end loop;
    return made;
  end $$;`;

const DROP_PARTITIONS = `
  create function drop_headline_partitions_before(first_day date) returns integer
  language plpgsql as $$
  declare
    part record;
    dropped integer := 0;
  begin
    for part in
      select c.oid::regclass as rel,
             substring(pg_get_expr(c.relpartbound, c.oid) from $re$TO \\('([0-9-]+)'\\)$re$)::date as ends
      from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'headline_prices'::regclass
    loop
      if part.ends <= first_day then
        execute format('drop table %s', part.rel);
        dropped := dropped + 1;
      end if;
    end loop;
    return dropped;
  end $$;`;

export class Migration20261127000100_headline_partitions extends Migration {
  override async up(): Promise<void> {
    for (const sql of setAside('unpartitioned')) this.addSql(sql);
    this.addSql(`create table headline_prices (${COLUMNS}) partition by range (date);`);
    for (const sql of INDEXES) this.addSql(sql);
    this.addSql(ENSURE_PARTITIONS);
    this.addSql(DROP_PARTITIONS);
    this.addSql(
      'select ensure_headline_partitions(min(date), max(date)) from headline_prices_unpartitioned;',
    );
    this.addSql(
      'insert into headline_prices select * from headline_prices_unpartitioned order by date, condition, minifigure_id;',
    );
    this.addSql('drop table headline_prices_unpartitioned;');
    for (const sql of createMoversLatest()) this.addSql(sql);
  }

  override async down(): Promise<void> {
    for (const sql of setAside('partitioned')) this.addSql(sql);
    this.addSql(
      `create table headline_prices (${COLUMNS.replace('minifigure_id uuid not null', 'minifigure_id uuid not null references minifigures (id)')});`,
    );
    for (const sql of INDEXES) this.addSql(sql);
    this.addSql('insert into headline_prices select * from headline_prices_partitioned;');
    this.addSql('drop table headline_prices_partitioned;');
    this.addSql('drop function if exists ensure_headline_partitions(date, date);');
    this.addSql('drop function if exists drop_headline_partitions_before(date);');
    for (const sql of createMoversLatest()) this.addSql(sql);
  }
}
