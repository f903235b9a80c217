import { Migration } from '@mikro-orm/migrations';

/**
 * Alerting: chat users, watchlists, price and deal alerts with their firing history, channel
 * digest subscriptions, and `notifications`, the transactional outbox (DESIGN §3).
 *
 * - A user is a platform plus workspace (Slack team, Discord guild; '' for DMs and the console)
 *   plus the platform's user id.
 * - An alert's state is 'armed' or 'fired'. It fires once per crossing (armed -> fired, writing an
 *   alert_firings row and a notification in the same statement) and re-arms only when the price
 *   is back past the hysteresis band; `cooldown` spaces two firings of the same alert.
 * - notifications.dedupe_key is UNIQUE: whatever writes a row twice (a rerun, two evaluators, the
 *   digest job twice on one day) writes it once. A statement-level trigger NOTIFYs the notifier
 *   on commit, so delivery starts at once; the notifier also polls.
 */
export class Migration20261126000600_alerting extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table chat_users (
        id bigint generated always as identity primary key,
        platform text not null check (platform in ('discord', 'slack', 'console', 'test')),
        workspace_id text not null default '',
        user_id text not null,
        created_at timestamptz not null default now(),
        constraint chat_users_identity_unique unique (platform, workspace_id, user_id)
      );`);

    this.addSql(`
      create table watchlist_items (
        id bigint generated always as identity primary key,
        user_id bigint not null references chat_users (id) on delete cascade,
        minifigure_id uuid not null references minifigures (id),
        condition text not null check (condition in ('new', 'used')),
        quantity integer check (quantity > 0),
        price_paid_usd numeric(12, 4) check (price_paid_usd >= 0),
        created_at timestamptz not null default now(),
        constraint watchlist_items_unique unique (user_id, minifigure_id, condition)
      );`);

    this.addSql(`
      create table alerts (
        id bigint generated always as identity primary key,
        user_id bigint not null references chat_users (id) on delete cascade,
        minifigure_id uuid not null references minifigures (id),
        kind text not null check (kind in ('below', 'above', 'change', 'new-low', 'deal')),
        condition text not null check (condition in ('new', 'used')),
        -- below/above: USD; change: percent (>0); deal: percent under the median; new-low: unused (0).
        threshold numeric(12, 4) not null check (threshold >= 0),
        -- change: 'up', 'down' or 'any'; otherwise null.
        direction text check (direction in ('up', 'down', 'any')),
        -- change: 1, 7 or 30 days; new-low: the look-back in days; otherwise null.
        period_days integer check (period_days between 1 and 3650),
        -- The band a price must return past before the alert re-arms, as a fraction of the threshold.
        hysteresis numeric(6, 4) not null default 0.05 check (hysteresis >= 0 and hysteresis < 1),
        cooldown interval not null default interval '24 hours',
        target_kind text not null default 'dm' check (target_kind in ('dm', 'channel')),
        target_channel_id text,
        state text not null default 'armed' check (state in ('armed', 'fired')),
        fire_count integer not null default 0,
        last_fired_at timestamptz,
        -- The value that made it fire last (new-low re-arms relative to it).
        last_fired_value numeric(12, 4),
        -- Deal alerts: listings ingested up to here have been looked at.
        deals_checked_until timestamptz,
        created_at timestamptz not null default now(),
        removed_at timestamptz,
        constraint alerts_channel_target check ((target_kind = 'channel') = (target_channel_id is not null)),
        constraint alerts_change_shape check (kind <> 'change' or (direction is not null and period_days is not null)),
        constraint alerts_new_low_shape check (kind <> 'new-low' or period_days is not null)
      );`);
    // Evaluation reads every active alert; per-user listing and the 50-alert limit read one user's.
    this.addSql(
      'create index idx_alerts_active on alerts (minifigure_id, condition) include (kind) where removed_at is null;',
    );
    this.addSql('create index idx_alerts_user on alerts (user_id) where removed_at is null;');

    this.addSql(`
      create table channel_subscriptions (
        id bigint generated always as identity primary key,
        platform text not null check (platform in ('discord', 'slack', 'console', 'test')),
        workspace_id text not null default '',
        channel_id text not null,
        digest_time time not null default '09:00',
        time_zone text not null default 'UTC',
        theme text,
        created_by text,
        created_at timestamptz not null default now(),
        constraint channel_subscriptions_unique unique (platform, workspace_id, channel_id)
      );`);

    this.addSql(`
      create table notifications (
        id bigint generated always as identity primary key,
        platform text not null check (platform in ('discord', 'slack', 'console', 'test')),
        workspace_id text not null default '',
        target_kind text not null check (target_kind in ('user', 'channel')),
        target_id text not null,
        kind text not null check (kind in ('alert', 'deal', 'digest')),
        payload jsonb not null,
        dedupe_key text not null,
        status text not null default 'pending' check (status in ('pending', 'sending', 'sent', 'failed')),
        attempts integer not null default 0 check (attempts >= 0),
        next_attempt_at timestamptz not null default now(),
        -- While 'sending': who claimed it and until when; an expired lease is claimable again.
        claim_token uuid,
        lease_until timestamptz,
        last_error text,
        created_at timestamptz not null default now(),
        sent_at timestamptz,
        platform_message_id text,
        constraint notifications_dedupe_key_unique unique (dedupe_key)
      );`);
    // The notifier's claim: due rows, oldest first. Sent and failed rows leave the index.
    this.addSql(
      `create index idx_notifications_due on notifications (next_attempt_at) where status in ('pending', 'sending');`,
    );

    this.addSql(`
      create table alert_firings (
        id bigint generated always as identity primary key,
        alert_id bigint not null references alerts (id) on delete cascade,
        fired_at timestamptz not null,
        -- The price (below/above/new-low/deal) or the change in percent (change).
        value numeric(14, 4) not null,
        -- What it was compared with: the threshold, the prior low, the median.
        reference numeric(14, 4),
        detail jsonb not null default '{}',
        notification_id bigint references notifications (id)
      );`);
    this.addSql('create index idx_alert_firings_alert on alert_firings (alert_id, fired_at desc);');

    // Wake the notifier when rows arrive, once per statement, delivered at commit.
    this.addSql(`
      create function notify_notifications() returns trigger language plpgsql as $$
      begin
        perform pg_notify('notifications', '');
        return null;
      end $$;`);
    this.addSql(`
      create trigger notifications_inserted after insert on notifications
        for each statement execute function notify_notifications();`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists alert_firings;');
    this.addSql('drop table if exists notifications;');
    this.addSql('drop function if exists notify_notifications();');
    this.addSql('drop table if exists channel_subscriptions;');
    this.addSql('drop table if exists alerts;');
    this.addSql('drop table if exists watchlist_items;');
    this.addSql('drop table if exists chat_users;');
  }
}
