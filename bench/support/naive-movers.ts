/**
 * The naive movers baseline of bench:commands: per figure and condition, the 30-day median of sold
 * listings now against the one ending 1, 7 or 30 days ago, computed from the raw listings on every
 * call (what the stored headlines and the movers view save).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { query } from '../../src/db/repositories/analytics-sql.js';
import type { Condition, Mover, MoversQuery, MoversResult } from '../../src/deps.js';

const MOVERS_MIN_SAMPLES = 3;
const PERIOD_DAYS = { '1d': 1, '7d': 7, '30d': 30 } as const;

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
export async function moversFromListings(
  em: EntityManager,
  movers: MoversQuery,
  now: Date,
  minConfidence: number,
): Promise<MoversResult> {
  const period = PERIOD_DAYS[movers.period];
  const params: unknown[] = [now, now, period, now, period, now, period, now, minConfidence];
  let filters = '';
  if (movers.condition) {
    filters += ' and l.condition = ?';
    params.push(movers.condition);
  }
  if (movers.theme) {
    filters += ' and m.theme = ?';
    params.push(movers.theme);
  }
  params.push(MOVERS_MIN_SAMPLES, MOVERS_MIN_SAMPLES, movers.limit, movers.limit);
  const rows = await query<MoverRow[]>(
    em,
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
