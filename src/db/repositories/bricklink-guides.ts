import type { EntityManager } from '@mikro-orm/postgresql';
import type {
  BrickLinkReported,
  GuideAnalysis,
  GuideEntry,
  GuideFigures,
  GuideType,
} from '../../analytics/bricklink-guide.js';
import type { Condition } from '../../ingest/types.js';
import { query } from './analytics-sql.js';

export interface StoredGuide {
  id: string;
  itemNo: string;
  minifigureId: string | null;
  condition: Condition;
  guideType: GuideType;
  currency: string;
  fetchedAt: Date;
  reported: BrickLinkReported;
  ours: GuideFigures;
  analysis: GuideAnalysis;
}

/**
 * Stores one fetched guide: BrickLink's summary, ours over the same entries and the entries
 * themselves, one row per item, condition, guide type and UTC fetch day (a later fetch the same day
 * replaces it). The figure is linked by item number when the catalogue knows it.
 */
export async function upsertGuide(
  em: EntityManager,
  g: {
    itemNo: string;
    condition: Condition;
    guideType: GuideType;
    currency: string;
    fetchedAt: Date;
    reported: BrickLinkReported;
    ours: GuideFigures;
    analysis: GuideAnalysis;
    entries: GuideEntry[];
  },
): Promise<string> {
  const r = g.reported;
  const o = g.ours;
  const [row] = await query<{ id: string }[]>(
    em,
    `insert into bricklink_price_guides as g (
       item_no, minifigure_id, condition, guide_type, currency, fetched_at, fetch_date,
       reported_min_price, reported_max_price, reported_avg_price, reported_qty_avg_price,
       reported_unit_quantity, reported_total_quantity,
       our_min_price, our_max_price, our_avg_price, our_qty_avg_price, our_unit_quantity, our_total_quantity,
       analysis, entries)
     select ?::text, (select id from minifigures where lower(set_number) = lower(?::text)), ?::text, ?::text,
            upper(?::text), ?::timestamptz, (?::timestamptz at time zone 'UTC')::date,
            ?::numeric, ?::numeric, ?::numeric, ?::numeric, ?::int, ?::int,
            ?::numeric, ?::numeric, ?::numeric, ?::numeric, ?::int, ?::int, ?::jsonb, ?::jsonb
     on conflict (item_no, condition, guide_type, fetch_date) do update set
       minifigure_id = excluded.minifigure_id, currency = excluded.currency, fetched_at = excluded.fetched_at,
       reported_min_price = excluded.reported_min_price, reported_max_price = excluded.reported_max_price,
       reported_avg_price = excluded.reported_avg_price, reported_qty_avg_price = excluded.reported_qty_avg_price,
       reported_unit_quantity = excluded.reported_unit_quantity,
       reported_total_quantity = excluded.reported_total_quantity,
       our_min_price = excluded.our_min_price, our_max_price = excluded.our_max_price,
       our_avg_price = excluded.our_avg_price, our_qty_avg_price = excluded.our_qty_avg_price,
       our_unit_quantity = excluded.our_unit_quantity, our_total_quantity = excluded.our_total_quantity,
       analysis = excluded.analysis, entries = excluded.entries
     returning id`,
    [
      g.itemNo,
      g.itemNo,
      g.condition,
      g.guideType,
      g.currency,
      g.fetchedAt.toISOString(),
      g.fetchedAt.toISOString(),
      r.minPrice,
      r.maxPrice,
      r.avgPrice,
      r.qtyAvgPrice,
      r.unitQuantity,
      r.totalQuantity,
      o.minPrice,
      o.maxPrice,
      o.avgPrice,
      o.qtyAvgPrice,
      o.unitQuantity,
      o.totalQuantity,
      JSON.stringify(g.analysis),
      JSON.stringify(g.entries),
    ],
  );
  return String(row?.id);
}

export interface GuideRow {
  id: string;
  item_no: string;
  minifigure_id: string | null;
  condition: Condition;
  guide_type: GuideType;
  currency: string;
  fetched_at: Date | string;
  reported_min_price: string;
  reported_max_price: string;
  reported_avg_price: string;
  reported_qty_avg_price: string;
  reported_unit_quantity: number;
  reported_total_quantity: number;
  our_min_price: string | null;
  our_max_price: string | null;
  our_avg_price: string | null;
  our_qty_avg_price: string | null;
  our_unit_quantity: number;
  our_total_quantity: number;
  analysis: GuideAnalysis;
}

/**
 * The columns a stored guide is read back with (not its entries), numerics as text: rows read
 * directly and rows read as JSON (figure-facts.ts) come out alike.
 */
const GUIDE_COLUMNS = `id::text as id, item_no, minifigure_id, condition, guide_type, currency, fetched_at,
  reported_min_price::text as reported_min_price, reported_max_price::text as reported_max_price,
  reported_avg_price::text as reported_avg_price, reported_qty_avg_price::text as reported_qty_avg_price,
  reported_unit_quantity, reported_total_quantity,
  our_min_price::text as our_min_price, our_max_price::text as our_max_price,
  our_avg_price::text as our_avg_price, our_qty_avg_price::text as our_qty_avg_price,
  our_unit_quantity, our_total_quantity, analysis`;

/** The latest stored guide per condition and guide type of one figure, by id or by item number (one `?`). */
export function latestGuidesSql(by: 'minifigureId' | 'itemNo'): string {
  return `select distinct on (condition, guide_type) ${GUIDE_COLUMNS}
     from bricklink_price_guides
     where ${by === 'minifigureId' ? 'minifigure_id = ?' : 'lower(item_no) = lower(?)'}
     order by condition, guide_type, fetch_date desc`;
}

/** The latest stored guide per condition and guide type of one figure (by id or item number). */
export async function latestGuides(
  em: EntityManager,
  figure: { minifigureId: string } | { itemNo: string },
): Promise<StoredGuide[]> {
  const byId = 'minifigureId' in figure;
  const rows = await query<GuideRow[]>(em, latestGuidesSql(byId ? 'minifigureId' : 'itemNo'), [
    byId ? figure.minifigureId : figure.itemNo,
  ]);
  return rows.map(toStoredGuide);
}

/** A row of latestGuidesSql, read directly or from JSON (fetched_at is then a string). */
export function toStoredGuide(r: GuideRow): StoredGuide {
  return {
    id: r.id,
    itemNo: r.item_no,
    minifigureId: r.minifigure_id,
    condition: r.condition,
    guideType: r.guide_type,
    currency: r.currency,
    fetchedAt: new Date(r.fetched_at),
    reported: {
      minPrice: r.reported_min_price,
      maxPrice: r.reported_max_price,
      avgPrice: r.reported_avg_price,
      qtyAvgPrice: r.reported_qty_avg_price,
      unitQuantity: r.reported_unit_quantity,
      totalQuantity: r.reported_total_quantity,
    },
    ours: {
      minPrice: r.our_min_price,
      maxPrice: r.our_max_price,
      avgPrice: r.our_avg_price,
      qtyAvgPrice: r.our_qty_avg_price,
      unitQuantity: r.our_unit_quantity,
      totalQuantity: r.our_total_quantity,
    },
    analysis: r.analysis,
  };
}
