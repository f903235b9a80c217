import { Migration } from '@mikro-orm/migrations';

/**
 * Showing prices in the collector's currency:
 * - `chat_preferences`: a user's own currency, and a channel's default that its admins set. The
 *   reply's currency is the command's option, else the user's, else the channel's, else USD.
 * - `alerts.currency`: the currency a below/above threshold was given in. Evaluation converts the
 *   USD headline at the latest ECB rate before comparing; existing alerts stay USD.
 */
export class Migration20261207010000_currency_preferences extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table chat_preferences (
        platform text not null check (platform in ('discord', 'slack', 'console', 'test')),
        workspace_id text not null default '',
        scope text not null check (scope in ('user', 'channel')),
        scope_id text not null,
        currency text check (currency ~ '^[A-Z]{3}$'),
        updated_at timestamptz not null default now(),
        primary key (platform, workspace_id, scope, scope_id)
      );`);
    this.addSql(
      `alter table alerts add column currency text not null default 'USD' check (currency ~ '^[A-Z]{3}$');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table alerts drop column currency;');
    this.addSql('drop table chat_preferences;');
  }
}
