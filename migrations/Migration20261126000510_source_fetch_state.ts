import { Migration } from '@mikro-orm/migrations';

/**
 * When each source last fetched each thing it fetches: a figure's price guide (BrickLink, keyed
 * by item number) or a search (eBay, keyed by the query). Jobs with a daily quota spend it on what
 * was fetched longest ago, and a thing that keeps failing is tried again only after the others
 * (its attempt time moves it to the back) instead of eating the budget every run.
 */
export class Migration20261126000510_source_fetch_state extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table source_fetch_state (
        source_id integer not null references data_sources (id),
        item_key text not null,
        last_attempt_at timestamptz not null,
        last_success_at timestamptz,
        consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
        last_error text,
        primary key (source_id, item_key)
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists source_fetch_state;');
  }
}
