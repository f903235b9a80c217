import { Migration } from '@mikro-orm/migrations';

/** The tables that store a chat platform's name with each row. */
const TABLES = ['chat_users', 'channel_subscriptions', 'notifications', 'chat_preferences'];

/**
 * The database admits only real chat platforms. The name lists in the check constraints (which
 * also let a 'test' platform into production) give way to a foreign key to `chat_platforms`: the
 * app registers every platform it knows at start (src/adapters/platforms.ts), so a new platform
 * needs no migration, and a name nothing registered is refused. Rows of the old 'test' platform
 * were test data: they go (their users' alerts and watchlists with them).
 */
export class Migration20261207100000_chat_platforms extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table chat_platforms (
        name text primary key check (name ~ '^[a-z][a-z0-9-]*$'),
        registered_at timestamptz not null default now()
      );`);
    this.addSql(`insert into chat_platforms (name) values ('discord'), ('slack'), ('console');`);
    for (const table of TABLES) {
      this.addSql(`delete from ${table} where platform not in ('discord', 'slack', 'console');`);
      this.addSql(`alter table ${table} drop constraint ${table}_platform_check;`);
      this.addSql(
        `alter table ${table} add constraint ${table}_platform_fkey foreign key (platform) references chat_platforms (name);`,
      );
    }
  }

  override async down(): Promise<void> {
    for (const table of TABLES) {
      this.addSql(`alter table ${table} drop constraint ${table}_platform_fkey;`);
      this.addSql(
        `alter table ${table} add constraint ${table}_platform_check check (platform in ('discord', 'slack', 'console', 'test'));`,
      );
    }
    this.addSql('drop table chat_platforms;');
  }
}
