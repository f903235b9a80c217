import { Migration } from '@mikro-orm/migrations';

/**
 * The tables chat replies read; src/cache/until-changed.ts keeps those reads until one changes.
 * movers_latest is a materialized view, which takes no trigger: its refresh notifies by itself
 * (src/db/repositories/movers-latest.ts).
 */
export const CHAT_READ_TABLES = [
  'price_listings',
  'data_sources',
  'headline_prices',
  'headline_lows',
  'price_snapshots',
  'minifigures',
  'sets',
  'set_minifigures',
  'chat_preferences',
] as const;

/**
 * A statement trigger on each table chat replies read: any insert, update, delete or truncate
 * notifies `chat_reads_changed` (delivered at commit, once per transaction and table), so every
 * instance drops the replies' reads it keeps. Per statement, not per row: an ingest batch or a
 * refresh costs one notification, whatever its size.
 */
export class Migration20261207160000_chat_reads_changed extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create or replace function notify_chat_reads_changed() returns trigger language plpgsql as $$
      begin
        perform pg_notify('chat_reads_changed', tg_table_name);
        return null;
      end $$;`);
    for (const table of CHAT_READ_TABLES) {
      this.addSql(`
        create trigger chat_reads_changed after insert or update or delete or truncate on ${table}
        for each statement execute function notify_chat_reads_changed();`);
    }
  }

  override async down(): Promise<void> {
    for (const table of CHAT_READ_TABLES)
      this.addSql(`drop trigger if exists chat_reads_changed on ${table};`);
    this.addSql('drop function if exists notify_chat_reads_changed();');
  }
}
