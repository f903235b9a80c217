/**
 * One figure's daily price series from price_snapshots (written by the snapshots refresh, outliers
 * already left out), for the `history` chart. With a condition, that condition's split from the
 * snapshot's metadata (`by_condition.new|used`: min, max, median, listing_count, sold_count).
 * `sold` is the day's kept sales (`by_kind.sold` over both conditions); null on a snapshot written
 * before the refresh counted sales per condition.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Condition, DailyHeadline, DailyPrice } from '../../deps.js';
import { query } from './analytics-sql.js';

export async function snapshotDailySeries(
  em: EntityManager,
  figureId: string,
  days: number,
  now: Date,
  condition?: Condition,
): Promise<DailyPrice[]> {
  return (await query<SnapshotRow[]>(em, snapshotSeriesSql(condition), [figureId, now, days, now])).map(
    toDailyPrice,
  );
}

/** Both conditions' daily series and stored headlines of one figure, as the history chart draws them. */
export interface FigureSeries {
  points: Record<Condition, DailyPrice[]>;
  headlines: Record<Condition, DailyHeadline[]>;
}

/**
 * Both conditions' snapshot days and stored headlines (headline_prices, kept for the last 91 days)
 * in one statement, each part its own query as JSON: one round trip for a chart instead of four.
 */
export async function figureSeries(
  em: EntityManager,
  figureId: string,
  days: number,
  now: Date,
): Promise<FigureSeries> {
  const part = (sql: string) => `(select coalesce(json_agg(x order by x.date), '[]') from (${sql}) x)`;
  const [row] = await query<SeriesRow[]>(
    em,
    `select ${part(snapshotSeriesSql('new'))} as pn, ${part(snapshotSeriesSql('used'))} as pu,
            ${part(HEADLINE_SERIES_SQL)} as hn, ${part(HEADLINE_SERIES_SQL)} as hu`,
    [
      ...[figureId, now, days, now],
      ...[figureId, now, days, now],
      ...[figureId, 'new', now, days, now],
      ...[figureId, 'used', now, days, now],
    ],
  );
  return {
    points: { new: (row?.pn ?? []).map(toDailyPrice), used: (row?.pu ?? []).map(toDailyPrice) },
    headlines: { new: (row?.hn ?? []).map(toDailyHeadline), used: (row?.hu ?? []).map(toDailyHeadline) },
  };
}

type SnapshotRow = Omit<DailyPrice, 'sold'> & { sold: number | null };
type SeriesRow = Record<'pn' | 'pu', SnapshotRow[]> & Record<'hn' | 'hu', HeadlineRow[]>;

/** A figure's snapshot days: `?` the figure, `?` now, `?` days back, `?` now. */
function snapshotSeriesSql(condition?: Condition): string {
  const pick = (field: string, column: string) =>
    condition ? `(s.metadata #>> '{by_condition,${condition},${field}}')::float8` : `s.${column}::float8`;
  // Without a condition, a day without kept sales has no by_kind.sold split: zero sales.
  const sold = condition
    ? `(s.metadata #>> '{by_condition,${condition},sold_count}')::int`
    : `coalesce((s.metadata #>> '{by_kind,sold,listing_count}')::int, 0)`;
  return `select to_char(s.date, 'YYYY-MM-DD') as date, ${pick('median', 'median_price_usd')} as median,
            ${pick('min', 'min_price_usd')} as min, ${pick('max', 'max_price_usd')} as max,
            ${condition ? `(s.metadata #>> '{by_condition,${condition},listing_count}')::int` : 's.listing_count'} as count,
            ${sold} as sold
     from price_snapshots s
     where s.minifigure_id = ?
       and s.date > (?::timestamptz at time zone 'UTC')::date - ?::int
       and s.date <= (?::timestamptz at time zone 'UTC')::date
       ${condition ? `and s.metadata #> '{by_condition,${condition}}' is not null` : 'and s.listing_count > 0'}
     order by s.date`;
}

function toDailyPrice({ sold, ...r }: SnapshotRow): DailyPrice {
  return {
    ...r,
    median: Number(r.median),
    min: Number(r.min),
    max: Number(r.max),
    ...(sold === null ? {} : { sold }),
  };
}

interface HeadlineRow {
  date: string;
  price: string;
  basis: string;
}

/** A figure's stored headlines by day: `?` the figure, `?` the condition, `?` now, `?` days back, `?` now. */
const HEADLINE_SERIES_SQL = `select to_char(h.date, 'YYYY-MM-DD') as date, h.price_usd::text as price, h.basis
  from headline_prices h
  where h.minifigure_id = ? and h.condition = ?
    and h.date > (?::timestamptz at time zone 'UTC')::date - ?::int
    and h.date <= (?::timestamptz at time zone 'UTC')::date
  order by h.date`;

function toDailyHeadline(r: HeadlineRow): DailyHeadline {
  return { date: r.date, price: Number(r.price), basis: r.basis };
}
