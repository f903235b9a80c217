import { Migration } from '@mikro-orm/migrations';

/**
 * What price ingestion needs beyond the seed schema:
 *  - unmatched_listings: a listing whose title matched no figure (or whose item number is not in
 *    the catalogue) is kept here for review with the matcher's best candidates, never forced onto a
 *    figure. It carries everything price_listings needs, so a reviewer can promote it later.
 *  - source_api_calls: calls made per source per UTC day, so jobs can spend a daily quota and the
 *    chat `sources` command can show "quota used today".
 *  - an index on exchange_rates (currency, date): conversion asks for one currency's last rate on or
 *    before a date, and whether a currency is known at all; the primary key leads with the date.
 */
export class Migration20261126000500_ingestion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table unmatched_listings (
        id bigint generated always as identity primary key,
        source_id integer not null references data_sources (id),
        external_id text not null,
        "timestamp" timestamptz not null,
        title text,
        item_no text,
        kind text not null check (kind in ('sold', 'asking')),
        condition text not null check (condition in ('new', 'used')),
        quantity integer not null default 1 check (quantity > 0),
        price numeric(14, 4) not null check (price >= 0),
        currency char(3) not null,
        price_usd numeric(12, 4) check (price_usd >= 0),
        exchange_rate numeric(20, 10) check (exchange_rate > 0),
        seller_name text,
        raw jsonb not null default '{}',
        reason text not null,
        best_confidence numeric(4, 3) check (best_confidence between 0 and 1),
        candidates jsonb not null default '[]',
        created_at timestamptz not null default now(),
        resolved_minifigure_id uuid references minifigures (id),
        resolved_at timestamptz,
        constraint unmatched_listings_upstream_unique unique (source_id, external_id, "timestamp")
      );`);
    // The review queue: open items, newest first.
    this.addSql(
      'create index idx_unmatched_listings_open on unmatched_listings (created_at desc) where resolved_at is null;',
    );

    this.addSql(`
      create table source_api_calls (
        source_id integer not null references data_sources (id),
        day date not null,
        calls integer not null default 0 check (calls >= 0),
        updated_at timestamptz not null default now(),
        primary key (source_id, day)
      );`);

    this.addSql('create index idx_exchange_rates_currency_date on exchange_rates (currency, date);');
  }

  override async down(): Promise<void> {
    this.addSql('drop index if exists idx_exchange_rates_currency_date;');
    this.addSql('drop table if exists source_api_calls;');
    this.addSql('drop table if exists unmatched_listings;');
  }
}
