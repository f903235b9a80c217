import type { EntityManager } from '@mikro-orm/postgresql';
import { keptSql, LOW_CONFIDENCE_BELOW, logPriceSql } from '../../analytics/outlier-rule.js';
import { query } from './analytics-sql.js';

/**
 * The daily snapshot: one price_snapshots row per figure and UTC day, computed set-based from
 * price_listings. A listing counts when it is current (not superseded) and its match confidence is
 * at least the threshold; the outlier rule (src/analytics/outlier-rule.ts) then runs per figure,
 * condition and day, and every figure in the row (min, max, avg, median by percentile_cont(0.5),
 * listing and source counts, and the metadata splits) is over the listings it kept.
 */

export interface SourceName {
  id: number;
  name: string;
}

/** Where the refresh reads: the day of a listing, by time_bucket on TimescaleDB (same UTC days). */
export interface ListingDays {
  timescale: boolean;
}

/** A listing's UTC day as a date, from its "timestamp". */
export function dayOf(days: ListingDays, column = 'p."timestamp"'): string {
  return days.timescale
    ? `(time_bucket('1 day', ${column}) at time zone 'UTC')::date`
    : `(${column} at time zone 'UTC')::date`;
}

export async function timescaleInUse(em: EntityManager): Promise<boolean> {
  const rows = await query<{ hyper: boolean }[]>(
    em,
    `select exists (select 1 from pg_extension where extname = 'timescaledb') as hyper`,
  );
  return rows[0]?.hyper === true;
}

export async function listSources(em: EntityManager): Promise<SourceName[]> {
  return query(em, 'select id, name from data_sources order by id');
}

export interface SnapshotScope {
  /** First and last UTC day ('YYYY-MM-DD') of the chunk, inclusive. */
  fromDay: string;
  toDay: string;
  /** Only these (figure, day) pairs inside the chunk; all figures of those days when absent. */
  pairs?: { minifigureId: string; day: string }[];
}

export interface SnapshotCounts {
  /** Snapshot rows the chunk has listings for. */
  computed: number;
  /** Rows inserted or changed. */
  written: number;
  /** Rows removed because their day no longer has a counted listing. */
  removed: number;
}

/** How many distinct sources the kept listings matching `filter` come from, without a per-group sort. */
function sourcesCount(sources: SourceName[], filter: string): string {
  if (sources.length === 0) return '0';
  return sources
    .map((s) => `(count(*) filter (where kept and ${filter} and source_id = ${Number(s.id)}) > 0)::int`)
    .join(' + ');
}

/**
 * The median of the kept listings of a split, percentile_cont(0.5) by hand: the mean of the one or
 * two middle prices, which `ranked_splits` marks per split (`mid` names the split's column). One
 * ordered-set aggregate per split and group cost a sort each, nine per figure-day, and were most of
 * the refresh: most figure-days have one or two listings, so the sorts' setup was all the work.
 */
function medianOf(filter: string, mid: string): string {
  return `avg(price) filter (where kept and ${filter} and ${mid})`;
}

/**
 * Aggregates of one split of a day's listings (`filter` selects it), as a jsonb object or null.
 * `soldCount` adds how many of its kept listings are sales (the condition splits: the `history`
 * chart's sales strip, drawn per condition).
 */
function splitJson(filter: string, mid: string, sourcesCountSql: string | null, soldCount = false): string {
  const kept = `kept and ${filter}`;
  return `case when count(*) filter (where ${kept}) > 0 then jsonb_build_object(
      'min', min(price) filter (where ${kept}), 'max', max(price) filter (where ${kept}),
      'avg', round(avg(price) filter (where ${kept}), 4),
      'median', round(${medianOf(filter, mid)}, 4),
      'listing_count', count(*) filter (where ${kept}),
      ${soldCount ? `'sold_count', count(*) filter (where ${kept} and is_sold),` : ''}
      ${sourcesCountSql ? `'sources_count', ${sourcesCountSql},` : ''}
      'outliers_excluded', count(*) filter (where not kept and ${filter}),
      'units', sum(quantity) filter (where ${kept})) end`;
}

/**
 * Recomputes the snapshots of one chunk of days (and, with `pairs`, only those figure-days) as one
 * upsert on (minifigure_id, date); rows whose figure-day has no counted listing left are removed.
 * A row is only written when a value differs, so a second run over the same data writes nothing.
 */
export async function refreshSnapshotChunk(
  em: EntityManager,
  scope: SnapshotScope,
  opts: { minConfidence: number; sources: SourceName[]; days: ListingDays },
): Promise<SnapshotCounts> {
  const day = dayOf(opts.days);
  const split = (filter: string, mid: string, soldCount = false) =>
    splitJson(filter, mid, sourcesCount(opts.sources, filter), soldCount);
  const bySource = opts.sources
    .map((s) => `?::text, ${splitJson(`source_id = ${Number(s.id)}`, 'mid_source', null)}`)
    .join(',\n');
  /**
   * Whether a kept listing of the split `filter` is one of its one or two middle prices (see
   * medianOf): its rank in the split is the running count of the split's kept listings in price
   * order. Every split is ranked from the one sort of the figure-day by price; a window per split
   * sorted its own partitions again (four sorts of every listing).
   */
  const middle = (filter: string) => {
    const counted = `count(*) filter (where kept and ${filter})`;
    return `(${counted} over by_price between (${counted} over whole_day + 1) / 2
                                        and (${counted} over whole_day + 2) / 2)`;
  };
  const sourceMiddle = opts.sources.length
    ? `case source_id ${opts.sources.map((src) => `when ${Number(src.id)} then ${middle(`source_id = ${Number(src.id)}`)}`).join(' ')} end`
    : 'false';
  const pairs = scope.pairs !== undefined;
  const sql = `
    with scope as (
      select minifigure_id, listing_day from unnest(?::uuid[], ?::date[]) as s(minifigure_id, listing_day)
    ), l as (
      select p.minifigure_id, ${day} as listing_day, p.condition = 'new' as is_new, p.kind = 'sold' as is_sold,
             p.source_id, p.quantity, p.price_usd as price, ${logPriceSql('p.price_usd')} as log_price
      from price_listings p
      where p."timestamp" >= (?::date)::timestamp at time zone 'UTC'
        and p."timestamp" < (?::date + 1)::timestamp at time zone 'UTC'
        and p.superseded_at is null and p.confidence_score >= ?
        ${
          // The figures of the pairs, not the pairs themselves: a figure's other days in the chunk are
          // recomputed too, to the same values, so nothing is written for them. Matching the pairs
          // here made the plan depend on statistics, which never know the listings ingested since
          // the last ANALYZE: estimated at one row, a day of new listings was joined to its pairs
          // by a nested loop. An array of figures is a hashed filter whatever the estimates.
          pairs ? 'and p.minifigure_id = any(?::uuid[])' : ''
        }
    ), ranked as (
      select *, row_number() over (partition by minifigure_id, listing_day, is_new order by log_price) as price_rank,
             count(*) over (partition by minifigure_id, listing_day, is_new) as group_size
      from l
    ), centred as (
      select *, avg(log_price) filter (where price_rank between (group_size + 1) / 2 and (group_size + 2) / 2)
                  over (partition by minifigure_id, listing_day, is_new) as log_median
      from ranked
    ), spread as (
      select *, row_number() over (partition by minifigure_id, listing_day, is_new
                                   order by abs(log_price - log_median)) as deviation_rank
      from centred
    ), screened as (
      select *, ${keptSql({ logPrice: 'log_price', logMedian: 'log_median', mad: 'mad', groupSize: 'group_size' })} as kept
      from (select *, avg(abs(log_price - log_median))
                        filter (where deviation_rank between (group_size + 1) / 2 and (group_size + 2) / 2)
                        over (partition by minifigure_id, listing_day, is_new) as mad
            from spread) x
    ), ranked_splits as (
      select *, ${middle('true')} as mid_all,
             case when is_new then ${middle('is_new')} else ${middle('not is_new')} end as mid_condition,
             case when is_sold then ${middle('is_sold')} else ${middle('not is_sold')} end as mid_kind,
             ${sourceMiddle} as mid_source
      from screened
      window by_price as (partition by minifigure_id, listing_day order by price
                          rows between unbounded preceding and current row),
             whole_day as (partition by minifigure_id, listing_day)
    ), computed as (
      select minifigure_id, listing_day,
             min(price) filter (where kept) as min_price, max(price) filter (where kept) as max_price,
             avg(price) filter (where kept) as avg_price,
             ${medianOf('true', 'mid_all')} as median_price,
             count(*) filter (where kept)::int as listing_count,
             (${sourcesCount(opts.sources, 'true')})::int as sources_count,
             jsonb_strip_nulls(jsonb_build_object(
               'outliers_excluded', count(*) filter (where not kept),
               'units', sum(quantity) filter (where kept),
               'qty_avg_price', round(sum(price * quantity) filter (where kept) / sum(quantity) filter (where kept), 4),
               'low_confidence', count(*) filter (where kept) < ${LOW_CONFIDENCE_BELOW},
               'by_condition', jsonb_strip_nulls(jsonb_build_object(
                 'new', ${split('is_new', 'mid_condition', true)},
                 'used', ${split('not is_new', 'mid_condition', true)})),
               'by_kind', jsonb_strip_nulls(jsonb_build_object(
                 'sold', ${split('is_sold', 'mid_kind')}, 'asking', ${split('not is_sold', 'mid_kind')})),
               'by_source', jsonb_strip_nulls(jsonb_build_object(${bySource || "'none', null"}))
             )) as metadata
      from ranked_splits
      group by minifigure_id, listing_day
    ), written as (
      insert into price_snapshots as ps (minifigure_id, date, min_price_usd, max_price_usd, avg_price_usd,
                                         median_price_usd, listing_count, sources_count, metadata)
      select minifigure_id, listing_day, min_price, max_price, avg_price, median_price, listing_count,
             sources_count, metadata
      from computed
      on conflict (minifigure_id, date) do update set
        min_price_usd = excluded.min_price_usd, max_price_usd = excluded.max_price_usd,
        avg_price_usd = excluded.avg_price_usd, median_price_usd = excluded.median_price_usd,
        listing_count = excluded.listing_count, sources_count = excluded.sources_count,
        metadata = excluded.metadata, computed_at = now()
      where (ps.min_price_usd, ps.max_price_usd, ps.avg_price_usd, ps.median_price_usd, ps.listing_count,
             ps.sources_count, ps.metadata)
         is distinct from (excluded.min_price_usd, excluded.max_price_usd, excluded.avg_price_usd,
             excluded.median_price_usd, excluded.listing_count, excluded.sources_count, excluded.metadata)
      returning 1
    ), removed as (
      ${
        pairs
          ? // The scope's pairs that computed nothing, as a set difference: an anti-join against
            // \`computed\`, estimated at a row or two for the same reason as above, ran as a nested
            // loop comparing every stored snapshot of the scope with every computed row.
            `delete from price_snapshots ps
             using (select minifigure_id, listing_day from scope
                    except select minifigure_id, listing_day from computed) gone
             where ps.minifigure_id = gone.minifigure_id and ps.date = gone.listing_day
               and ps.date between ?::date and ?::date`
          : `delete from price_snapshots ps
             where ps.date between ?::date and ?::date
               and not exists (select 1 from computed c
                               where c.minifigure_id = ps.minifigure_id and c.listing_day = ps.date)`
      }
      returning 1
    )
    select (select count(*) from computed)::int as computed, (select count(*) from written)::int as written,
           (select count(*) from removed)::int as removed`;
  const params: unknown[] = [
    scope.pairs?.map((p) => p.minifigureId) ?? [],
    scope.pairs?.map((p) => p.day) ?? [],
    scope.fromDay,
    scope.toDay,
    opts.minConfidence,
    ...(scope.pairs ? [[...new Set(scope.pairs.map((p) => p.minifigureId))]] : []),
    ...opts.sources.map((s) => s.name),
    scope.fromDay,
    scope.toDay,
  ];
  const [row] = await query<SnapshotCounts[]>(em, sql, params);
  return row ?? { computed: 0, written: 0, removed: 0 };
}

/** First and last day that has a snapshot row, so a full rebuild also clears rows outside the listings. */
export async function snapshotDayBounds(em: EntityManager): Promise<{ first: string; last: string } | null> {
  const [row] = await query<{ first: string | null; last: string | null }[]>(
    em,
    `select to_char(min(date), 'YYYY-MM-DD') as first, to_char(max(date), 'YYYY-MM-DD') as last
     from price_snapshots`,
  );
  return row?.first && row.last ? { first: row.first, last: row.last } : null;
}
