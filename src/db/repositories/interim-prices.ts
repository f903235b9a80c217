/**
 * INTERIM price figures for chat, computed straight from price_listings until the analytics of the
 * snapshots issue (src/analytics/) provide the headline price, series and movers. Each function is
 * named interim* so the swap is obvious; src/create-deps.ts is the only caller.
 *
 * Headline price here: per condition, the median of current (not superseded) listings at or above
 * the match-confidence threshold, from the first of these with at least MIN_LISTINGS listings:
 * sold over 30 days, asking over 30 days, sold over 90 days, asking over 90 days (else the first
 * with any listing, flagged low-confidence). No outlier exclusion (the analytics add it).
 * Change over N days: the 30-day median of the same basis now against the one ending N days ago.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../core/figure.js';
import type {
  Basis,
  Condition,
  ConditionQuote,
  DailyPrice,
  Mover,
  MoversQuery,
  MoversResult,
  PriceQuote,
} from '../../deps.js';

export const MIN_LISTINGS = 3;
export const MOVERS_MIN_SAMPLES = 3;
const PERIOD_DAYS = { '1d': 1, '7d': 7, '30d': 30 } as const;

interface GroupRow {
  condition: Condition;
  kind: Basis;
  source: string | null;
  n30: number;
  med30: number | null;
  min30: number | null;
  max30: number | null;
  n90: number;
  med90: number | null;
  min90: number | null;
  max90: number | null;
  n_7: number;
  med_7: number | null;
  n_30: number;
  med_30: number | null;
  latest: Date | null;
}

/** One figure's listings of the last 90 days, grouped by condition and kind, and by source too. */
async function quoteGroups(
  em: EntityManager,
  figureId: string,
  now: Date,
  minConfidence: number,
  condition?: Condition,
): Promise<GroupRow[]> {
  const median = (filter: string) =>
    `percentile_cont(0.5) within group (order by p) filter (where ${filter})`;
  return em.getConnection().execute(
    `with l as (
       select l.condition, l.kind, s.name as source, l.price_usd::float8 as p, l."timestamp" as ts,
              extract(epoch from (?::timestamptz - l."timestamp")) / 86400 as age
       from price_listings l join data_sources s on s.id = l.source_id
       where l.minifigure_id = ? and l."timestamp" > ?::timestamptz - interval '90 days'
         and l."timestamp" <= ?::timestamptz and l.superseded_at is null and l.confidence_score >= ?
         ${condition ? 'and l.condition = ?' : ''}
     )
     select condition, kind, source,
            count(*) filter (where age < 30)::int as n30, ${median('age < 30')} as med30,
            min(p) filter (where age < 30) as min30, max(p) filter (where age < 30) as max30,
            count(*)::int as n90, ${median('true')} as med90, min(p) as min90, max(p) as max90,
            count(*) filter (where age >= 7 and age < 37)::int as n_7, ${median('age >= 7 and age < 37')} as med_7,
            count(*) filter (where age >= 30 and age < 60)::int as n_30, ${median('age >= 30 and age < 60')} as med_30,
            max(ts) as latest
     from l
     group by grouping sets ((condition, kind), (condition, kind, source))`,
    [now, figureId, now, now, minConfidence, ...(condition ? [condition] : [])],
  );
}

const BASES: { kind: Basis; window: 30 | 90 }[] = [
  { kind: 'sold', window: 30 },
  { kind: 'asking', window: 30 },
  { kind: 'sold', window: 90 },
  { kind: 'asking', window: 90 },
];

function countIn(row: GroupRow, window: 30 | 90): number {
  return window === 30 ? row.n30 : row.n90;
}

function change(now: number, then: number | null, n: number): number | null {
  return then !== null && then > 0 && n >= MIN_LISTINGS ? now / then - 1 : null;
}

function quoteCondition(rows: GroupRow[], condition: Condition): ConditionQuote | undefined {
  const totals = rows.filter((r) => r.condition === condition && r.source === null);
  const candidates = BASES.flatMap((b) => {
    const row = totals.find((r) => r.kind === b.kind);
    return row && countIn(row, b.window) > 0 ? [{ ...b, row }] : [];
  });
  const chosen = candidates.find((c) => countIn(c.row, c.window) >= MIN_LISTINGS) ?? candidates[0];
  if (!chosen) return undefined;
  const { row, window, kind } = chosen;
  const median = (window === 30 ? row.med30 : row.med90) as number;
  return {
    condition,
    basis: kind,
    windowDays: window,
    listingCount: countIn(row, window),
    median,
    min: (window === 30 ? row.min30 : row.min90) as number,
    max: (window === 30 ? row.max30 : row.max90) as number,
    lowConfidence: countIn(row, window) < MIN_LISTINGS,
    change7d: window === 30 ? change(median, row.med_7, row.n_7) : null,
    change30d: window === 30 ? change(median, row.med_30, row.n_30) : null,
    bySource: rows
      .filter(
        (r) => r.condition === condition && r.kind === kind && r.source !== null && countIn(r, window) > 0,
      )
      .map((r) => ({
        source: r.source as string,
        listingCount: countIn(r, window),
        median: (window === 30 ? r.med30 : r.med90) as number,
      }))
      .sort((a, b) => b.listingCount - a.listingCount || a.source.localeCompare(b.source)),
  };
}

export async function interimPriceQuote(
  em: EntityManager,
  figure: FigureRef,
  now: Date,
  minConfidence: number,
  condition?: Condition,
): Promise<PriceQuote> {
  const rows = await quoteGroups(em, figure.id, now, minConfidence, condition);
  const conditions = (['new', 'used'] as const)
    .filter((c) => condition === undefined || c === condition)
    .flatMap((c) => quoteCondition(rows, c) ?? []);
  const used = rows.filter(
    (r) => r.source !== null && conditions.some((q) => q.condition === r.condition && q.basis === r.kind),
  );
  const latest = used.reduce<Date | null>(
    (acc, r) => (r.latest && (!acc || r.latest > acc) ? r.latest : acc),
    null,
  );
  return {
    figure,
    conditions,
    asOf: latest ? new Date(latest) : null,
    sources: [...new Set(conditions.flatMap((q) => q.bySource.map((s) => s.source)))].sort(),
  };
}

/** Median, min and max per UTC day over the `days` days ending on `now`'s date, oldest first. */
export async function interimDailySeries(
  em: EntityManager,
  figureId: string,
  days: number,
  now: Date,
  minConfidence: number,
  condition?: Condition,
): Promise<DailyPrice[]> {
  const rows = await em
    .getConnection()
    .execute<{ date: string; median: number; min: number; max: number; count: number }[]>(
      `select to_char(("timestamp" at time zone 'UTC')::date, 'YYYY-MM-DD') as date,
            percentile_cont(0.5) within group (order by price_usd::float8) as median,
            min(price_usd)::float8 as min, max(price_usd)::float8 as max, count(*)::int as count
     from price_listings
     where minifigure_id = ?
       and "timestamp" >= ((?::timestamptz at time zone 'UTC')::date - (?::int - 1))::timestamp at time zone 'UTC'
       and "timestamp" <= ?::timestamptz
       and superseded_at is null and confidence_score >= ? ${condition ? 'and condition = ?' : ''}
     group by 1 order by 1`,
      [figureId, now, days, now, minConfidence, ...(condition ? [condition] : [])],
    );
  return rows.map((r) => ({ ...r, median: Number(r.median), min: Number(r.min), max: Number(r.max) }));
}

interface MoverRow {
  id: string;
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
  condition: Condition;
  before: number;
  after: number;
  n_before: number;
  n_after: number;
  side: 'gain' | 'loss';
}

/**
 * Top gainers and losers: the 30-day median of sold listings now against the one ending `period`
 * ago, per figure and condition, for figures with MOVERS_MIN_SAMPLES sold listings at both ends.
 */
export async function interimMovers(
  em: EntityManager,
  query: MoversQuery,
  now: Date,
  minConfidence: number,
): Promise<MoversResult> {
  const period = PERIOD_DAYS[query.period];
  const params: unknown[] = [now, now, period, now, period, now, period, now, minConfidence];
  let filters = '';
  if (query.condition) {
    filters += ' and l.condition = ?';
    params.push(query.condition);
  }
  if (query.theme) {
    filters += ' and m.theme = ?';
    params.push(query.theme);
  }
  params.push(MOVERS_MIN_SAMPLES, MOVERS_MIN_SAMPLES, query.limit, query.limit);
  const rows = await em.getConnection().execute<MoverRow[]>(
    `with l as (
       select l.minifigure_id, l.condition, l.price_usd::float8 as p,
              l."timestamp" > ?::timestamptz - interval '30 days' as is_after,
              l."timestamp" <= ?::timestamptz - make_interval(days => ?)
                and l."timestamp" > ?::timestamptz - make_interval(days => ?) - interval '30 days' as is_before
       from price_listings l join minifigures m on m.id = l.minifigure_id
       where l."timestamp" > ?::timestamptz - make_interval(days => ?) - interval '30 days'
         and l."timestamp" <= ?::timestamptz and l.kind = 'sold' and l.superseded_at is null
         and l.confidence_score >= ?${filters}
     ), agg as materialized (
       select minifigure_id, condition,
              count(*) filter (where is_before)::int as n_before,
              percentile_cont(0.5) within group (order by p) filter (where is_before) as before,
              count(*) filter (where is_after)::int as n_after,
              percentile_cont(0.5) within group (order by p) filter (where is_after) as after
       from l group by minifigure_id, condition
     ), ok as (
       select * from agg where n_before >= ? and n_after >= ? and before > 0
     ), ranked as (
       (select ok.*, 'gain' as side from ok where after > before order by after / before desc, minifigure_id limit ?)
       union all
       (select ok.*, 'loss' as side from ok where after < before order by after / before, minifigure_id limit ?)
     )
     select m.id, m.set_number as "itemNo", m.name, m.theme, m.year_released as year, r.condition,
            r.before, r.after, r.n_before, r.n_after, r.side
     from ranked r join minifigures m on m.id = r.minifigure_id`,
    params,
  );
  const toMover = (r: MoverRow): Mover => ({
    figure: { id: r.id, itemNo: r.itemNo, name: r.name, theme: r.theme, year: r.year },
    condition: r.condition,
    before: Number(r.before),
    after: Number(r.after),
    change: Number(r.after) / Number(r.before) - 1,
    samplesBefore: r.n_before,
    samplesAfter: r.n_after,
  });
  const side = (s: MoverRow['side'], dir: 1 | -1) =>
    rows
      .filter((r) => r.side === s)
      .map(toMover)
      .sort((a, b) => dir * (b.change - a.change) || a.figure.itemNo.localeCompare(b.figure.itemNo));
  return { gainers: side('gain', 1), losers: side('loss', -1), minSamples: MOVERS_MIN_SAMPLES, asOf: now };
}
