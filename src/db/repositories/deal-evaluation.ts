/**
 * Deal alerts, for all of them in one statement: a NEW asking listing at least `threshold` percent
 * under the figure's 30-day median (its headline price with a 30-day window), where that median is
 * not low-confidence: it stands on at least LOW_CONFIDENCE_BELOW (5) listings after outliers.
 *
 * - New: ingested since the alert last looked (with an overlap, below), listed after the alert was
 *   made, and not the same offer seen again: a source re-reporting a lot it reported in the 7 days
 *   before (same source, condition, seller and price) is not a new bargain. BrickLink's stock guide
 *   re-lists every lot on every fetch day; without this rule each of them would fire daily.
 * - At most DEALS_PER_ALERT_PER_RUN notifications per alert per run, the deepest discounts first.
 * - The dedupe key is `deal:<alert>:<source>:<external id>`: a listing fires an alert once, however
 *   often evaluation runs. That is what makes the overlap safe: a listing ingested by a transaction
 *   that started before the last run but committed after it (so its ingested_at is older than the
 *   watermark) is still seen by the next run.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { brickLinkCatalogUrl } from '../../core/figure.js';
import { query } from './analytics-sql.js';
import { DEMO_MARK_SQL } from './app-state.js';

export const DEALS_PER_ALERT_PER_RUN = 3;
/** How far before its watermark each run looks again (long ingest transactions). */
export const DEAL_LOOKBACK_OVERLAP = '1 hour';

export interface DealEvaluation {
  /** Active deal alerts. */
  alerts: number;
  /** New qualifying listings considered. */
  candidates: number;
  notified: number;
}

export async function evaluateDealAlerts(
  em: EntityManager,
  now: Date,
  minConfidence: number,
): Promise<DealEvaluation> {
  // The figure's page, whose price guide lists current offers: BrickLink lots have no page of their own.
  const guideUrl = `${brickLinkCatalogUrl('ITEMNO')}#T=P`;
  const [prefix, suffix] = guideUrl.split('ITEMNO') as [string, string];
  const [row] = await query<{ alerts: number; candidates: number; notified: number }[]>(
    em,
    `with da as materialized (
       select a.id, a.user_id, a.minifigure_id, a.condition, a.threshold::float8 as threshold,
              a.target_kind, a.target_channel_id, a.created_at, a.currency,
              coalesce(a.deals_checked_until, a.created_at) - interval '${DEAL_LOOKBACK_OVERLAP}' as since
       from alerts a where a.kind = 'deal' and a.removed_at is null
     ), fresh as materialized (
       select l.id, l."timestamp", l.minifigure_id, l.condition, l.source_id, l.external_id, l.quantity,
              l.price_usd::float8 as price, l.seller_name, l.raw_data, l.ingested_at
       from price_listings l
       where l.kind = 'asking' and l.superseded_at is null and l.confidence_score >= ?
         and l.ingested_at > (select min(since) from da) and l.ingested_at <= ?::timestamptz
         and exists (select 1 from da where da.minifigure_id = l.minifigure_id and da.condition = l.condition)
     ), candidates as (
       select da.*, f.id as listing_id, f."timestamp" as listed_at, f.source_id, f.external_id, f.quantity,
              f.price, f.seller_name, f.raw_data, p.price as median, p.listing_count, p.basis,
              1 - f.price / p.price as discount
       from da
       join fresh f on f.minifigure_id = da.minifigure_id and f.condition = da.condition
        and f.ingested_at > da.since and f."timestamp" >= da.created_at - interval '1 day'
       join alert_prices p on p.minifigure_id = da.minifigure_id and p.condition = da.condition
        and p.window_days = 30 and not p.low_confidence and p.price > 0
       where f.price <= p.price * (1 - da.threshold / 100)
         and not exists (
           select 1 from price_listings o
           where o.minifigure_id = f.minifigure_id and o.condition = f.condition and o.kind = 'asking'
             and o.source_id = f.source_id and o.price_usd = f.price::numeric
             and o.seller_name is not distinct from f.seller_name
             and o."timestamp" < f."timestamp" and o."timestamp" >= f."timestamp" - interval '7 days'
             and o.superseded_at is null
         )
     ), ranked as (
       select c.*, row_number() over (partition by c.id order by c.discount desc, c.listing_id) as rn
       from candidates c
     ), outgoing as (
       select r.*, 'deal:' || r.id || ':' || r.source_id || ':' || r.external_id as dedupe_key,
              u.platform, u.workspace_id, u.user_id as platform_user_id, s.name as source_name,
              fig.set_number,
              jsonb_build_object('id', fig.id, 'itemNo', fig.set_number, 'name', fig.name,
                                 'theme', fig.theme, 'year', fig.year_released) as figure
              , fx.rate as fx_rate, fx.date as fx_date
       from ranked r
       join chat_users u on u.id = r.user_id
       join minifigures fig on fig.id = r.minifigure_id
       join data_sources s on s.id = r.source_id
       -- The currency the owner sees prices in, at its latest ECB rate (the amounts stay USD).
       left join lateral (select e.rate::float8 as rate, e.date from exchange_rates e
                          where e.currency = r.currency and r.currency <> 'USD'
                          order by e.date desc limit 1) fx on true
       where r.rn <= ?
     ), notes as (
       insert into notifications (platform, workspace_id, target_kind, target_id, kind, payload, dedupe_key)
       select o.platform, o.workspace_id,
              case o.target_kind when 'dm' then 'user' else 'channel' end,
              case o.target_kind when 'dm' then o.platform_user_id else o.target_channel_id end,
              'deal',
              jsonb_build_object(
                'type', 'deal', 'alertId', o.id::text, 'condition', o.condition, 'figure', o.figure,
                'threshold', o.threshold,
                'listing', jsonb_build_object(
                  'priceUsd', round(o.price::numeric, 4), 'source', o.source_name,
                  'url', coalesce(o.raw_data ->> 'itemWebUrl', o.raw_data ->> 'url',
                                  ? || o.set_number || ?),
                  'seller', o.seller_name, 'quantity', o.quantity,
                  'listedAt', to_char(o.listed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')),
                'median', round(o.median::numeric, 4), 'sampleSize', o.listing_count, 'basis', o.basis,
                'discount', round(o.discount::numeric, 6),
                'firedAt', to_char(?::timestamptz at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
                || case when o.fx_rate is null then '{}'::jsonb else jsonb_build_object('currency', jsonb_build_object(
                     'code', o.currency, 'rate', o.fx_rate, 'date', to_char(o.fx_date, 'YYYY-MM-DD'))) end
                || ${DEMO_MARK_SQL},
              o.dedupe_key
       from outgoing o
       on conflict (dedupe_key) do nothing
       returning id, dedupe_key
     ), history as (
       insert into alert_firings (alert_id, fired_at, value, reference, detail, notification_id)
       select o.id, ?::timestamptz, round(o.price::numeric, 4), round(o.median::numeric, 4),
              jsonb_build_object('listingId', o.listing_id::text, 'sourceId', o.source_id,
                                 'externalId', o.external_id, 'sampleSize', o.listing_count),
              n.id
       from outgoing o join notes n on n.dedupe_key = o.dedupe_key
       returning alert_id
     ), touched as (
       update alerts a
       set deals_checked_until = ?::timestamptz,
           last_fired_at = case when exists (select 1 from history h where h.alert_id = a.id)
                                then ?::timestamptz else a.last_fired_at end,
           fire_count = a.fire_count + (select count(*) from history h where h.alert_id = a.id)::int
       from da where a.id = da.id
       returning 1
     )
     select (select count(*) from da)::int as alerts,
            (select count(*) from candidates)::int as candidates,
            (select count(*) from notes)::int as notified,
            (select count(*) from touched)::int as touched`,
    [minConfidence, now, DEALS_PER_ALERT_PER_RUN, prefix, suffix, now, now, now, now],
  );
  return { alerts: row?.alerts ?? 0, candidates: row?.candidates ?? 0, notified: row?.notified ?? 0 };
}
