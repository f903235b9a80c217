import { Migration } from '@mikro-orm/migrations';

/**
 * slack_installations: one row per Slack workspace (or Enterprise Grid org) that installed the app
 * through "Add to Slack". `installation` is the whole @slack/oauth Installation as JSON, encrypted
 * with AES-256-GCM (SLACK_TOKEN_KEY), because it holds the bot token and, with token rotation, the
 * refresh token. The plain columns are only what lookups and operators need.
 */
export class Migration20261207040000_slack_installations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table slack_installations (
        -- 'T:<team id>' for a workspace, 'E:<enterprise id>' for an org-wide install.
        install_key text primary key,
        team_id text,
        enterprise_id text,
        bot_user_id text,
        installation text not null,
        installed_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists slack_installations;');
  }
}
