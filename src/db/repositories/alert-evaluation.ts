/**
 * Level alerts (below, above, change, new-low), evaluated for ALL active alerts in one statement
 * over `alert_prices` (./alert-prices.ts): no query per alert.
 *
 * below and above fire on any headline (the payload says when it stands on few listings); change
 * and new-low only on headlines that are not low-confidence, so nobody is told about a +300% move
 * of two listings.
 *
 * Rules (the metric is the headline price, or for `change` its percent change over the period):
 * - An armed alert whose metric crossed its threshold fires, unless it fired less than `cooldown`
 *   ago: it becomes 'fired', and an alert_firings row and an outbox row are written by the same
 *   statement, so both exist or neither does.
 * - A fired alert re-arms only when the metric is back past the hysteresis band: below X re-arms at
 *   X * (1 + h), above X at X * (1 - h), change X% when the move is back under X * (1 - h), new-low
 *   when the price is h above the low it fired at. A price that hovers around X therefore fires
 *   once, not on every wobble; one that stays under X for a week fires once.
 * - The outbox dedupe key is `alert:<id>:<firing number>`: a second evaluator racing this one
 *   (or a retried run) cannot write the same firing twice.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from './analytics-sql.js';
import { DEMO_MARK_SQL } from './app-state.js';

export interface LevelEvaluation {
  /** Active level alerts that had a price to compare with. */
  evaluated: number;
  fired: number;
  rearmed: number;
  /** Outbox rows written (equals `fired` unless a duplicate key was skipped). */
  notified: number;
  /** Fired but still in cooldown: not notified this time. */
  suppressed: number;
}

export async function evaluateLevelAlerts(em: EntityManager, now: Date): Promise<LevelEvaluation> {
  const [row] = await query<
    { evaluated: number; fired: number; rearmed: number; notified: number; suppressed: number }[]
  >(
    em,
    `with fx as (
       -- The latest ECB rate of each currency a threshold is given in (a handful, not one per alert).
       select c.currency, r.rate::float8 as rate, r.date
       from (select distinct currency from alerts where removed_at is null and currency <> 'USD') c
       cross join lateral (select e.rate, e.date from exchange_rates e where e.currency = c.currency
                           order by e.date desc limit 1) r
     ), cur as (
       select a.id, a.kind, a.condition, a.threshold::float8 as threshold, a.direction, a.period_days,
              a.hysteresis::float8 as h, a.state, a.last_fired_at, a.cooldown, a.last_fired_value::float8 as last_value,
              a.user_id, a.minifigure_id, a.target_kind, a.target_channel_id,
              a.currency, fx.rate as fx_rate, fx.date as fx_date, p.price as price_usd,
              -- below/above compare in the threshold's currency; the USD headline is converted at the latest
              -- rate. change and new-low compare USD with USD; their currency is only how the message shows them.
              case when a.kind in ('below', 'above') then p.price * coalesce(fx.rate, 1) else p.price end as price, p.basis, p.window_days, p.listing_count, p.low_confidence, p.as_of,
              case a.period_days when 1 then p.price_1d when 7 then p.price_7d when 30 then p.price_30d end as before,
              case a.period_days when 30 then p.low_30 when 60 then p.low_60 when 90 then p.low_90 end as prior_low
       from alerts a
       join alert_prices p on p.minifigure_id = a.minifigure_id and p.condition = a.condition
       left join fx on fx.currency = a.currency
       where a.removed_at is null and a.kind <> 'deal'
         and (a.currency = 'USD' or fx.rate is not null or a.kind in ('change', 'new-low'))
     ), m as (
       select cur.*,
              case when cur.kind = 'change' and cur.before > 0 then (cur.price / cur.before - 1) * 100 end as chg
       from cur
     ), d as (
       select m.*,
              case m.kind
                when 'below' then m.price <= m.threshold
                when 'above' then m.price >= m.threshold
                when 'change' then not m.low_confidence and case m.direction when 'up' then m.chg >= m.threshold
                                                    when 'down' then m.chg <= -m.threshold
                                                    else abs(m.chg) >= m.threshold end
                when 'new-low' then not m.low_confidence and m.price < m.prior_low
              end as crossed,
              case m.kind
                when 'below' then m.price >= m.threshold * (1 + m.h)
                when 'above' then m.price <= m.threshold * (1 - m.h)
                when 'change' then case m.direction when 'up' then m.chg < m.threshold * (1 - m.h)
                                                    when 'down' then m.chg > -m.threshold * (1 - m.h)
                                                    else abs(m.chg) < m.threshold * (1 - m.h) end
                when 'new-low' then m.price >= m.last_value * (1 + m.h)
              end as back
       from m
     ), fire as (
       update alerts a
       set state = 'fired', fire_count = a.fire_count + 1, last_fired_at = ?::timestamptz,
           last_fired_value = case when d.kind = 'change' then d.chg else d.price end
       from d
       where a.id = d.id and a.state = 'armed' and d.crossed
         and (a.last_fired_at is null or a.last_fired_at + a.cooldown <= ?::timestamptz)
       returning a.id, a.fire_count, d.kind, d.condition, d.threshold, d.direction, d.period_days, d.price,
                 d.price_usd, d.currency, d.fx_rate, d.fx_date,
                 d.basis, d.window_days, d.listing_count, d.low_confidence, d.as_of, d.before, d.prior_low, d.chg,
                 d.user_id,
                 d.minifigure_id, d.target_kind, d.target_channel_id
     ), rearm as (
       update alerts a set state = 'armed'
       from d
       where a.id = d.id and a.state = 'fired' and d.back and not coalesce(d.crossed, false)
       returning a.id
     ), outgoing as (
       select f.*, 'alert:' || f.id || ':' || f.fire_count as dedupe_key,
              u.platform, u.workspace_id, u.user_id as platform_user_id,
              case when f.kind = 'change' then f.threshold when f.kind = 'new-low' then f.prior_low
                   else f.threshold end as reference,
              jsonb_build_object('id', fig.id, 'itemNo', fig.set_number, 'name', fig.name,
                                 'theme', fig.theme, 'year', fig.year_released) as figure
       from fire f
       join chat_users u on u.id = f.user_id
       join minifigures fig on fig.id = f.minifigure_id
     ), notes as (
       insert into notifications (platform, workspace_id, target_kind, target_id, kind, payload, dedupe_key)
       select o.platform, o.workspace_id,
              case o.target_kind when 'dm' then 'user' else 'channel' end,
              case o.target_kind when 'dm' then o.platform_user_id else o.target_channel_id end,
              'alert',
              jsonb_build_object(
                'type', 'alert', 'alertId', o.id::text, 'kind', o.kind, 'condition', o.condition,
                'figure', o.figure, 'price', round(o.price_usd::numeric, 4), 'basis', o.basis,
                'windowDays', o.window_days, 'listingCount', o.listing_count,
                'lowConfidence', o.low_confidence, 'asOf', to_char(o.as_of, 'YYYY-MM-DD'),
                'reference', round(o.reference::numeric, 4), 'direction', o.direction,
                'periodDays', o.period_days,
                'change', case when o.kind = 'change' then round((o.chg / 100)::numeric, 6) end,
                'priceBefore', case when o.kind = 'change' then round(o.before::numeric, 4) end,
                'firedAt', to_char(?::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                || case when o.currency = 'USD' or o.fx_rate is null then '{}'::jsonb else jsonb_build_object('currency', jsonb_build_object(
                     'code', o.currency, 'rate', o.fx_rate, 'date', to_char(o.fx_date, 'YYYY-MM-DD'))) end
                || ${DEMO_MARK_SQL},
              o.dedupe_key
       from outgoing o
       on conflict (dedupe_key) do nothing
       returning id, dedupe_key
     ), history as (
       insert into alert_firings (alert_id, fired_at, value, reference, detail, notification_id)
       select o.id, ?::timestamptz,
              round((case when o.kind = 'change' then o.chg else o.price end)::numeric, 4),
              round(o.reference::numeric, 4),
              jsonb_build_object('basis', o.basis, 'listingCount', o.listing_count, 'before', o.before,
                                 'asOf', o.as_of),
              n.id
       from outgoing o left join notes n on n.dedupe_key = o.dedupe_key
       returning 1
     )
     select (select count(*) from d)::int as evaluated,
            (select count(*) from fire)::int as fired,
            (select count(*) from rearm)::int as rearmed,
            (select count(*) from notes)::int as notified,
            (select count(*) from d
              where d.state = 'armed' and d.crossed and d.last_fired_at + d.cooldown > ?::timestamptz)::int
              as suppressed,
            (select count(*) from history)::int as history`,
    [now, now, now, now, now],
  );
  return {
    evaluated: row?.evaluated ?? 0,
    fired: row?.fired ?? 0,
    rearmed: row?.rearmed ?? 0,
    notified: row?.notified ?? 0,
    suppressed: row?.suppressed ?? 0,
  };
}
