/**
 * INTERIM movers for chat, used only until the first snapshot refresh has stored headline prices
 * (src/prices-from-analytics.ts; afterwards src/analytics/movers.ts answers). Ranking every
 * figure straight from listings scans two months of price_listings per call (seconds at 5 million
 * listings), so the board is built once, for every figure, condition and period in ONE scan, and
 * kept in memory (src/cache/refreshing.ts): any `movers` query is then a filter and a sort.
 *
 * Same definition as interimMovers (interim-prices.ts): per figure and condition, the 30-day median
 * of sold listings now against the 30-day median ending 1, 7 or 30 days ago, for figures with
 * MOVERS_MIN_SAMPLES sold listings at both ends. A test checks that both agree.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureRef } from '../../core/figure.js';
import { inTheme } from '../../core/theme-path.js';
import type { Condition, Mover, MoverPeriod, MoversQuery, MoversResult } from '../../deps.js';
import { MOVERS_MIN_SAMPLES } from './interim-prices.js';
import { categorySql } from './theme-filter.js';

export interface BoardRow {
  figure: FigureRef;
  condition: Condition;
  /** 30-day median now, and its listing count. */
  now: number;
  samplesNow: number;
  /** The 30-day median ending each period ago; null with fewer than MOVERS_MIN_SAMPLES listings. */
  before: Record<MoverPeriod, { median: number; samples: number } | null>;
}

export interface MoverBoard {
  asOf: Date;
  /** Each ranked figure's category path ("Town / City / Police"), for subtheme filters. */
  categories: Map<string, string>;
  /** Per period, every figure and condition with a change, biggest gain first, biggest loss last. */
  ranked: Record<MoverPeriod, Mover[]>;
}

interface RawRow {
  id: string;
  itemNo: string;
  name: string;
  theme: string | null;
  year: number | null;
  category: string | null;
  condition: Condition;
  n0: number;
  m0: number;
  n1: number;
  m1: number | null;
  n7: number;
  m7: number | null;
  n30: number;
  m30: number | null;
}

export async function interimMoverBoard(
  em: EntityManager,
  now: Date,
  minConfidence: number,
): Promise<MoverBoard> {
  const window = (from: number) => `age >= ${from} and age < ${from + 30}`;
  const median = (from: number) =>
    `percentile_cont(0.5) within group (order by p) filter (where ${window(from)})`;
  const count = (from: number) => `count(*) filter (where ${window(from)})::int`;
  const rows = await em.getConnection().execute<RawRow[]>(
    `with l as (
       select minifigure_id, condition, price_usd::float8 as p,
              extract(epoch from (?::timestamptz - "timestamp")) / 86400 as age
       from price_listings
       where "timestamp" > ?::timestamptz - interval '60 days' and "timestamp" <= ?::timestamptz
         and kind = 'sold' and superseded_at is null and confidence_score >= ?
     ), agg as (
       select minifigure_id, condition,
              ${count(0)} as n0, ${median(0)} as m0, ${count(1)} as n1, ${median(1)} as m1,
              ${count(7)} as n7, ${median(7)} as m7, ${count(30)} as n30, ${median(30)} as m30
       from l group by minifigure_id, condition
       having ${count(0)} >= ?
     )
     select m.id, m.set_number as "itemNo", m.name, m.theme, m.year_released as year,
            ${categorySql('m')} as category, a.condition,
            a.n0, a.m0, a.n1, a.m1, a.n7, a.m7, a.n30, a.m30
     from agg a join minifigures m on m.id = a.minifigure_id`,
    [now, now, now, minConfidence, MOVERS_MIN_SAMPLES],
  );
  const end = (n: number, m: number | null) =>
    n >= MOVERS_MIN_SAMPLES && m !== null ? { median: m, samples: n } : null;
  const board: BoardRow[] = rows.map((r) => ({
    figure: { id: r.id, itemNo: r.itemNo, name: r.name, theme: r.theme, year: r.year },
    condition: r.condition,
    now: r.m0,
    samplesNow: r.n0,
    before: { '1d': end(r.n1, r.m1), '7d': end(r.n7, r.m7), '30d': end(r.n30, r.m30) },
  }));
  return {
    asOf: now,
    categories: new Map(rows.map((r) => [r.id, r.category ?? ''])),
    ranked: { '1d': rank(board, '1d'), '7d': rank(board, '7d'), '30d': rank(board, '30d') },
  };
}

const tie = (a: Mover, b: Mover) =>
  a.figure.id.localeCompare(b.figure.id) || a.condition.localeCompare(b.condition);

/** Sorted once per build, so a query only walks the ends of the list. */
function rank(rows: BoardRow[], period: MoverPeriod): Mover[] {
  const movers: Mover[] = [];
  for (const row of rows) {
    const before = row.before[period];
    if (!before || before.median <= 0 || row.now === before.median) continue;
    movers.push({
      figure: row.figure,
      condition: row.condition,
      before: before.median,
      after: row.now,
      change: row.now / before.median - 1,
      samplesBefore: before.samples,
      samplesAfter: row.samplesNow,
    });
  }
  return movers.sort((a, b) => b.change - a.change || tie(a, b));
}

/** Top gainers and losers of one period, optionally one theme and condition, from a built board. */
export function moversFromBoard(board: MoverBoard, query: MoversQuery): MoversResult {
  const ranked = board.ranked[query.period];
  if (!ranked) throw new Error(`unknown period ${query.period}`);
  // samplesAfter is the figure's sold listings of the last 30 days: its sales.
  const wanted = (m: Mover) =>
    (!query.condition || m.condition === query.condition) &&
    (!query.theme || inTheme(board.categories.get(m.figure.id) ?? null, query.theme)) &&
    (!query.minSales || m.samplesAfter >= query.minSales);
  const gainers: Mover[] = [];
  for (let i = 0; i < ranked.length && gainers.length < query.limit; i++) {
    const m = ranked[i] as Mover;
    if (m.change <= 0) break;
    if (wanted(m)) gainers.push(m);
  }
  // Losers are ranked biggest loss first: walk from the end, where ties keep the gainers' order reversed.
  const losers: Mover[] = [];
  for (let i = ranked.length - 1; i >= 0 && losers.length < query.limit; i--) {
    const m = ranked[i] as Mover;
    if (m.change >= 0) break;
    if (wanted(m)) losers.push(m);
  }
  return {
    gainers,
    losers,
    minSamples: MOVERS_MIN_SAMPLES,
    ...(query.minSales ? { minSales: query.minSales } : {}),
    asOf: board.asOf,
  };
}
