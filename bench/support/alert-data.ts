/**
 * Alerts and outbox rows for the alerts benchmark, made in SQL (no round-trips per row).
 */
import type { EntityManager } from '@mikro-orm/postgresql';

export interface AlertMix {
  total: number;
  users: number;
  now: Date;
  seed?: number;
}

/**
 * `total` active alerts spread over `users` users and over the figures that have a headline price
 * (run the snapshot refresh first), with a skew towards the most listed. Kinds: 40% below, 25% above,
 * 15% change, 10% new-low, 10% deal. Thresholds sit around each figure's headline so that about a
 * tenth of the price alerts fire on the first evaluation, like a real book of alerts, not all or none.
 */
export async function generateAlerts(em: EntityManager, mix: AlertMix): Promise<void> {
  await em.execute('select setseed(?)', [mix.seed ?? 0.17]);
  await em.execute(
    `insert into chat_users (platform, workspace_id, user_id)
     select case when g % 3 = 0 then 'slack' else 'discord' end, 'W' || (g % 40), 'U' || g
     from generate_series(1, ?::int) g`,
    [mix.users],
  );
  await em.execute(
    `with recent as (
       select h.minifigure_id, h.condition, h.price_usd::float8 as med, h.listing_count as n
       from headline_prices h
       where h.date = (select headline_through from snapshot_refresh_state where id = 1)
     ), pairs as materialized (
       select r.*, (row_number() over (order by r.n desc, r.minifigure_id, r.condition) - 1)::int as rank
       from recent r
     ), sizes as (
       select (select count(*) from pairs)::int as pairs, (select count(*) from chat_users)::int as users
     ), users as materialized (
       select id, (row_number() over (order by id) - 1)::int as rank from chat_users
     ), draws as materialized (
       select g, random() as u_pair, random() as u_kind, random() as u_thr, random() as u_dir, random() as u_p,
              least(floor(power(random(), 1.6) * sizes.pairs)::int, sizes.pairs - 1) as pair_rank,
              (g % sizes.users)::int as user_rank
       from generate_series(1, ?::int) g cross join sizes
     ), shaped as (
       select d.*, p.minifigure_id, p.condition, p.med, u.id as user_id,
              case when d.u_kind < 0.40 then 'below' when d.u_kind < 0.65 then 'above'
                   when d.u_kind < 0.80 then 'change' when d.u_kind < 0.90 then 'new-low' else 'deal' end as kind
       from draws d
       join pairs p on p.rank = d.pair_rank
       join users u on u.rank = d.user_rank
     )
     insert into alerts (user_id, minifigure_id, kind, condition, threshold, direction, period_days, hysteresis,
                         target_kind, target_channel_id, created_at)
     select user_id, minifigure_id, kind, condition,
            round((case kind
              when 'below' then med * (0.50 + 0.55 * u_thr)
              when 'above' then med * (0.95 + 0.55 * u_thr)
              when 'change' then 2 + 28 * u_thr
              when 'new-low' then 0
              else 20 + 30 * u_thr end)::numeric, 4),
            case when kind = 'change' then (array['up', 'down', 'any'])[1 + floor(u_dir * 3)::int] end,
            case when kind = 'change' then (array[1, 7, 30])[1 + floor(u_p * 3)::int]
                 when kind = 'new-low' then (array[30, 60, 90])[1 + floor(u_p * 3)::int] end,
            case when kind = 'change' then 0.25 when kind = 'deal' then 0 else 0.05 end,
            case when g % 4 = 0 then 'channel' else 'dm' end,
            case when g % 4 = 0 then 'C' || (g % 500) end,
            ?::timestamptz - interval '2 days'
     from shaped`,
    [mix.total, mix.now],
  );
  await em.execute('analyze chat_users');
  await em.execute('analyze alerts');
}

/** `count` pending alert notifications for `targets` different channels (no two share a dedupe key). */
export async function generateOutbox(
  em: EntityManager,
  count: number,
  targets: number,
  prefix: string,
): Promise<void> {
  await em.execute(
    `insert into notifications (platform, workspace_id, target_kind, target_id, kind, payload, dedupe_key)
     select 'console', 'W1', 'channel', 'C' || (g % ?::int), 'alert',
            jsonb_build_object(
              'type', 'alert', 'alertId', g::text, 'kind', 'below', 'condition', 'used',
              'figure', jsonb_build_object('id', md5(g::text), 'itemNo', 'sw' || lpad((g % 9999)::text, 4, '0'),
                                           'name', 'Benchmark Figure ' || g, 'theme', 'Star Wars', 'year', 2005),
              'price', 4.5, 'basis', 'sold', 'windowDays', 30, 'listingCount', 12, 'reference', 5,
              'direction', null, 'periodDays', null, 'change', null, 'priceBefore', null,
              'firedAt', '2026-11-20T12:00:00.000Z'),
            ? || g
     from generate_series(1, ?::int) g`,
    [targets, prefix, count],
  );
  await em.execute('analyze notifications');
}
