import type { EntityManager } from '@mikro-orm/postgresql';
import type { FigureListings, HeadlineRow } from '../../analytics/headline-engine.js';
import { toDecimalString, UNITS_PER_USD } from '../../analytics/robust-stats.js';
import { pgPlainArray } from '../pg-array.js';
import { inAggregationTransaction, query } from './analytics-sql.js';
import { copyRows } from './copy-rows.js';
import { dayOfFlags, isNewInFlags, isSoldInFlags, listingFlagsSql } from './listing-flags.js';
import { dayOf, type ListingDays } from './snapshots.js';

/** UTC day number (days since 1970-01-01) of a 'YYYY-MM-DD' date and back. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}
export function dayString(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

export interface InputQuery {
  /** Listings of days [fromDay, toDay] (UTC day numbers, inclusive). */
  fromDay: number;
  toDay: number;
  minConfidence: number;
  /** Only these figures (by index); every figure with listings when absent. */
  figures?: string[];
  days: ListingDays;
  withSources?: boolean;
}

export interface InputRow {
  minifigure_id: string;
  /** Per listing, in time order: its packed day, condition and kind (listing-flags.ts), comma-separated. */
  flags: string;
  /** Per listing, the same order: price_usd in units of $0.0001 (numeric(12,4) makes it whole). */
  units: string;
  sources?: string[];
}

/**
 * Each figure's listings come back as two comma-joined strings rather than four arrays: node-postgres
 * parses array literals character by character in JavaScript, which for the 900,000 listings of
 * a 30-day window took longer than the query; a string split is native.
 *
 * `sorted`: the listings are sorted once, before grouping, and figures come in id order (a cursor
 * streams them in bounded memory). An ORDER BY inside each aggregate would sort every figure's
 * listings again, per aggregate (PostgreSQL 15). Otherwise they are grouped by hash in table order,
 * which is mostly time order: the 30-day window's listings are not sorted at all. Either way the
 * day order is not promised, so toListings checks it and sorts when it must; the stored headlines
 * do not depend on the order of listings within a day.
 */
export function inputSql(q: InputQuery, sorted: boolean): { sql: string; params: unknown[] } {
  const day = `(${dayOf(q.days)} - date '1970-01-01')`;
  const sql = `
    select minifigure_id, string_agg(flag::text, ',') as flags, string_agg(unit::text, ',') as units
           ${q.withSources ? ', array_agg(source) as sources' : ''}
    from (
      select p.minifigure_id, ${listingFlagsSql(day)} as flag, (p.price_usd * ${UNITS_PER_USD})::bigint as unit
             ${q.withSources ? ', s.name as source' : ''}
      from price_listings p ${q.withSources ? 'join data_sources s on s.id = p.source_id' : ''}
      where p."timestamp" >= (date '1970-01-01' + ?::int)::timestamp at time zone 'UTC'
        and p."timestamp" < (date '1970-01-01' + ?::int + 1)::timestamp at time zone 'UTC'
        and p.superseded_at is null and p.confidence_score >= ?
        ${q.figures ? 'and p.minifigure_id = any(?::uuid[])' : ''}
      ${sorted ? 'order by p.minifigure_id, p."timestamp", p.id' : ''}
    ) l
    group by minifigure_id
    ${sorted ? 'order by minifigure_id' : ''}`;
  const params: unknown[] = [q.fromDay, q.toDay, q.minConfidence];
  if (q.figures) params.push(q.figures);
  return { sql, params };
}

/** One row of inputSql as parallel arrays in day order. Exported for its test. */
export function toListings(r: InputRow): FigureListings {
  const flags = r.flags.split(',').map(Number);
  const units = r.units.split(',');
  const n = flags.length;
  const dayAt = (i: number) => dayOfFlags(flags[i] as number);
  let order: number[] | null = null;
  for (let i = 1; i < n && !order; i++) {
    // Stable: listings of one day keep their order.
    if (dayAt(i) < dayAt(i - 1))
      order = Array.from({ length: n }, (_, k) => k).sort((a, b) => dayAt(a) - dayAt(b) || a - b);
  }
  const at = order ? (i: number) => order[i] as number : (i: number) => i;
  const days = new Array<number>(n);
  const isNew = new Array<boolean>(n);
  const isSold = new Array<boolean>(n);
  const prices = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const packed = flags[at(i)] as number;
    days[i] = dayOfFlags(packed);
    isNew[i] = isNewInFlags(packed);
    isSold[i] = isSoldInFlags(packed);
    prices[i] = Number(units[at(i)]);
  }
  const sources = r.sources && order ? order.map((k) => r.sources?.[k] as string) : r.sources;
  return { minifigureId: r.minifigure_id, days, isNew, isSold, prices, sources };
}

/** The listings behind headlines, one figure at a time (all of one figure's listings in one call). */
export async function figureListings(em: EntityManager, q: InputQuery): Promise<FigureListings[]> {
  // Live quotes (with sources) show the kept listings in time order; the refresh only needs days.
  const sorted = q.withSources === true;
  const { sql, params } = inputSql(q, sorted);
  // The 30-day window of the daily run is a large share of all listings, grouped in memory with
  // 128 MB of sort memory (less spills it to disk).
  // Unsorted, a hash whatever the estimates: figures are few, their listings many.
  // A live quote reads one figure's listings: a plain read, no transaction held while node works.
  const rows = sorted
    ? await query<InputRow[]>(em, sql, params)
    : await inAggregationTransaction(em, (tx) => query<InputRow[]>(tx, sql, params), {
        workMem: '128MB',
        without: ['sort'],
      });
  const listings = rows.map(toListings);
  // In figure order either way, as the sorted query and the cursor give them.
  return sorted ? listings : listings.sort((a, b) => (a.minifigureId < b.minifigureId ? -1 : 1));
}

/**
 * Streams the same as figureListings in batches of figures through a server-side cursor, so a full
 * rebuild never holds every listing in memory. Runs in its own transaction; `onBatch` gets the
 * transaction's EntityManager for its writes.
 */
export async function streamFigureListings(
  em: EntityManager,
  q: InputQuery,
  batchSize: number,
  onBatch: (batch: FigureListings[], tx: EntityManager) => Promise<void>,
  hooks: { before?: (tx: EntityManager) => Promise<void>; after?: (tx: EntityManager) => Promise<void> } = {},
): Promise<void> {
  const { sql, params } = inputSql(q, true);
  await inAggregationTransaction(em, async (tx) => {
    // A cursor is planned for its first rows by default (an index walk of every figure); all rows
    // are wanted, and a sort of one scan is far cheaper.
    await query(tx, 'set local cursor_tuple_fraction = 1');
    await hooks.before?.(tx);
    await query(tx, `declare headline_input no scroll cursor for ${sql}`, params);
    for (;;) {
      const rows = await query<InputRow[]>(
        tx,
        `fetch ${Math.max(1, Math.floor(batchSize))} from headline_input`,
      );
      if (rows.length === 0) break;
      await onBatch(rows.map(toListings), tx);
    }
    await query(tx, 'close headline_input');
    await hooks.after?.(tx);
  });
}

export interface WriteCounts {
  written: number;
  removed: number;
}

/**
 * Upserts the headline rows of `figures` for as-of days [fromDay, toDay] and removes their rows in
 * that range that `rows` no longer has (a figure whose listings were all superseded). A row is only
 * rewritten when a value changed.
 */
export async function writeHeadlineRows(
  em: EntityManager,
  rows: HeadlineRow[],
  scope: { figures: string[]; fromDay: number; toDay: number },
): Promise<WriteCounts> {
  if (scope.figures.length === 0) return { written: 0, removed: 0 };
  await ensurePartitions(em, scope.fromDay, scope.toDay);
  const [counts] = await query<WriteCounts[]>(
    em,
    `with input as (${UNNEST_ROWS}), written as (${UPSERT_FROM('input')}), removed as (
       delete from headline_prices h using unnest(?::uuid[]) as scope(id)
       where h.minifigure_id = scope.id
         and h.date between date '1970-01-01' + ?::int and date '1970-01-01' + ?::int
         and not exists (select 1 from input i
                         where i.minifigure_id = h.minifigure_id and i.condition = h.condition and i.date = h.date)
       returning 1
     )
     select (select count(*) from written)::int as written, (select count(*) from removed)::int as removed`,
    [...rowArrays(rows), scope.figures, scope.fromDay, scope.toDay],
  );
  return counts ?? { written: 0, removed: 0 };
}

/**
 * Rows as parallel array literals: they unnest far faster than a JSON document parses, and
 * pgPlainArray writes 3 million values in a fraction of node-postgres' per-element escaping.
 */
function rowArrays(rows: HeadlineRow[]): string[] {
  const col = (pick: (r: HeadlineRow) => string | number) => pgPlainArray(rows.map(pick));
  return [
    col((r) => r.minifigureId),
    col((r) => r.condition),
    col((r) => r.day),
    col((r) => toDecimalString(r.priceUnits)),
    col((r) => r.basis),
    col((r) => r.windowDays),
    col((r) => r.listingCount),
    col((r) => r.outliersExcluded),
    col((r) => (r.lowConfidence ? 'true' : 'false')),
    col((r) => r.listings1d),
    col((r) => r.listings7d),
    col((r) => r.listings30d),
    col((r) => r.sold30d),
    col((r) => r.listedNow),
  ];
}

/** The stored columns of a headline row, in the order rowArrays and the stage table give them. */
const COLUMNS = [
  'minifigure_id',
  'condition',
  'date',
  'price_usd',
  'basis',
  'window_days',
  'listing_count',
  'outliers_excluded',
  'low_confidence',
  'listings_1d',
  'listings_7d',
  'listings_30d',
  'sold_30d',
  'listed_now',
] as const;
const COLUMN_LIST = COLUMNS.join(', ');
/** The columns an upsert may change (all but the key). */
const VALUE_COLUMNS = COLUMNS.slice(3);
const valuesOf = (alias: string) => VALUE_COLUMNS.map((c) => `${alias}.${c}`).join(', ');

const UNNEST_ROWS = `
  select minifigure_id, condition, date '1970-01-01' + day_number as date, ${VALUE_COLUMNS.join(', ')}
  from unnest(?::uuid[], ?::text[], ?::int[], ?::numeric[], ?::text[], ?::smallint[], ?::int[], ?::int[],
              ?::boolean[], ?::int[], ?::int[], ?::int[], ?::int[], ?::int[])
       as r(minifigure_id, condition, day_number, ${VALUE_COLUMNS.join(', ')})`;

/**
 * Upsert of headline rows from `source`, only where a value changed.
 * Rows go in by day: movers read every figure of one day, and rows written figure by figure would
 * put each of a day's rows on its own page.
 */
const UPSERT_FROM = (source: string) => `
  insert into headline_prices as h (${COLUMN_LIST})
  select ${COLUMN_LIST} from ${source} order by date, condition, minifigure_id
  on conflict (minifigure_id, condition, date) do update set
    ${VALUE_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}, computed_at = now()
  where (${valuesOf('h')}) is distinct from (${valuesOf('excluded')})
  returning 1`;

/**
 * For a rebuild of every figure: rows are first collected in a temporary table of this transaction
 * (no indexes, cheap), then merged in two set-based statements. Per-batch upserts would each look
 * up their figures' old rows while the table's statistics still describe it before the rebuild.
 */
export async function createHeadlineStage(tx: EntityManager): Promise<void> {
  await query(
    tx,
    `create temporary table headline_stage (
       minifigure_id uuid, condition text, date date, price_usd numeric, basis text, window_days smallint,
       listing_count int, outliers_excluded int, low_confidence boolean,
       listings_1d int, listings_7d int, listings_30d int, sold_30d int, listed_now int
     ) on commit drop`,
  );
}

export async function stageHeadlineRows(tx: EntityManager, rows: HeadlineRow[]): Promise<void> {
  const dates = new Map<number, string>();
  const dateOf = (day: number) => dates.get(day) ?? (dates.set(day, dayString(day)).get(day) as string);
  await copyRows(
    tx,
    'headline_stage',
    [...COLUMNS],
    rows.map((r) => [
      r.minifigureId,
      r.condition,
      dateOf(r.day),
      toDecimalString(r.priceUnits),
      r.basis,
      r.windowDays,
      r.listingCount,
      r.outliersExcluded,
      r.lowConfidence ? 't' : 'f',
      r.listings1d,
      r.listings7d,
      r.listings30d,
      r.sold30d,
      r.listedNow,
    ]),
  );
}

/**
 * Makes headline_prices for as-of days [fromDay, toDay] exactly the staged rows: removes rows the
 * stage lacks, updates rows whose values differ, inserts the new ones. Three hash joins over the
 * range rather than an upsert per staged row: ON CONFLICT probes the primary key once per row, in
 * random order, which for the 3.3 million rows of a rebuild was most of its time.
 */
export async function mergeHeadlineStage(
  tx: EntityManager,
  fromDay: number,
  toDay: number,
): Promise<WriteCounts> {
  await query(tx, 'analyze headline_stage');
  await ensurePartitions(tx, fromDay, toDay);
  const range = `h.date between date '1970-01-01' + ?::int and date '1970-01-01' + ?::int`;
  const [gone] = await query<{ n: number }[]>(
    tx,
    `with gone as (
       delete from headline_prices h
       where ${range}
         and not exists (select 1 from headline_stage s
                         where s.minifigure_id = h.minifigure_id and s.condition = h.condition and s.date = h.date)
       returning 1)
     select count(*)::int as n from gone`,
    [fromDay, toDay],
  );
  const [changed] = await query<{ n: number }[]>(
    tx,
    `with changed as (
       update headline_prices h set
         ${VALUE_COLUMNS.map((c) => `${c} = s.${c}`).join(', ')}, computed_at = now()
       from headline_stage s
       where s.minifigure_id = h.minifigure_id and s.condition = h.condition and s.date = h.date and ${range}
         and (${valuesOf('h')}) is distinct from (${valuesOf('s')})
       returning 1)
     select count(*)::int as n from changed`,
    [fromDay, toDay],
  );
  const [added] = await query<{ n: number }[]>(
    tx,
    `with added as (
       insert into headline_prices (${COLUMN_LIST})
       select ${COLUMN_LIST} from headline_stage s
       where not exists (select 1 from headline_prices h
                         where h.minifigure_id = s.minifigure_id and h.condition = s.condition
                           and h.date = s.date and ${range})
       order by date, condition, minifigure_id
       returning 1)
     select count(*)::int as n from added`,
    [fromDay, toDay],
  );
  return { written: (changed?.n ?? 0) + (added?.n ?? 0), removed: gone?.n ?? 0 };
}

/**
 * headline_prices is partitioned by weeks of as-of day (Migration20261127000100_headline_partitions):
 * the partitions of days [fromDay, toDay] are made before rows are written there.
 */
async function ensurePartitions(em: EntityManager, fromDay: number, toDay: number): Promise<void> {
  await query(
    em,
    `select ensure_headline_partitions(date '1970-01-01' + ?::int, date '1970-01-01' + ?::int)`,
    [fromDay, toDay],
  );
}

/**
 * Rows older than the horizon are dropped: nothing reads them, and a rebuild would not recreate them.
 * Partitions wholly before it go with their rows; the rest are deleted from the partition they share
 * with days still in the horizon.
 */
export async function pruneHeadlinesBefore(em: EntityManager, firstDay: number): Promise<number> {
  const [row] = await query<{ n: number }[]>(
    em,
    `with gone as (delete from headline_prices where date < date '1970-01-01' + ?::int returning 1)
     select count(*)::int as n from gone`,
    [firstDay],
  );
  await query(em, `select drop_headline_partitions_before(date '1970-01-01' + ?::int)`, [firstDay]);
  return row?.n ?? 0;
}

/** Figures with a headline row on `day`. */
export async function figuresWithHeadline(em: EntityManager, day: number): Promise<Set<string>> {
  const rows = await query<{ minifigure_id: string }[]>(
    em,
    `select distinct minifigure_id from headline_prices where date = date '1970-01-01' + ?::int`,
    [day],
  );
  return new Set(rows.map((r) => r.minifigure_id));
}

export async function allFigureIds(em: EntityManager): Promise<string[]> {
  const rows = await query<{ id: string }[]>(em, 'select id from minifigures order by id');
  return rows.map((r) => r.id);
}
