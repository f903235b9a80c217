import type { EntityManager } from '@mikro-orm/postgresql';
import type { RefListing } from './reference.js';

export interface TestListing extends RefListing {
  /** Minutes after midnight UTC of `day` (default 720, noon). */
  minute?: number;
  externalId?: string;
}

let serial = 0;

/** Figures with these item numbers (theme as given), returning item number -> id. */
export async function insertFigures(
  em: EntityManager,
  figures: { itemNo: string; name?: string; theme?: string }[],
): Promise<Map<string, string>> {
  const rows = await em.getConnection().execute<{ id: string; set_number: string }[]>(
    `insert into minifigures (set_number, name, theme)
     select set_number, name, theme from json_to_recordset(?::json) as r(set_number text, name text, theme text)
     on conflict (set_number) do update set name = excluded.name
     returning id, set_number`,
    [
      JSON.stringify(
        figures.map((f) => ({
          set_number: f.itemNo,
          name: f.name ?? `Figure ${f.itemNo}`,
          theme: f.theme ?? 'Test',
        })),
      ),
    ],
  );
  return new Map(rows.map((r) => [r.set_number, r.id]));
}

/**
 * Inserts listings (figure = item number) through plain SQL, the way ingestion leaves them:
 * ingested_at defaults to now(); superseded ones get superseded_at = now().
 */
export async function insertListings(em: EntityManager, listings: TestListing[]): Promise<void> {
  if (listings.length === 0) return;
  const payload = listings.map((l) => {
    const minute = l.minute ?? 720;
    const ts = new Date(Date.parse(`${l.day}T00:00:00Z`) + minute * 60_000).toISOString();
    return {
      item: l.figure,
      ts,
      source: l.source,
      external_id: l.externalId ?? `test-${++serial}-${Math.random().toString(36).slice(2, 8)}`,
      kind: l.kind,
      condition: l.condition,
      quantity: l.quantity,
      price: l.price.toFixed(4),
      confidence: l.confidence,
      superseded: l.superseded === true,
    };
  });
  await em.getConnection().execute(
    `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, quantity,
                                 price_usd, original_price, original_currency, exchange_rate, confidence_score,
                                 superseded_at)
     select r.ts, m.id, s.id, r.external_id, r.kind, r.condition, r.quantity, r.price, r.price, 'USD', 1,
            r.confidence, case when r.superseded then now() end
     from json_to_recordset(?::json) as r(item text, ts timestamptz, source text, external_id text, kind text,
                                          condition text, quantity int, price numeric, confidence numeric,
                                          superseded boolean)
     join minifigures m on m.set_number = r.item
     join data_sources s on s.name = r.source`,
    [JSON.stringify(payload)],
  );
}

/** Every listing as the reference implementation sees it. */
export async function readListings(em: EntityManager): Promise<RefListing[]> {
  const rows = await em.getConnection().execute<
    {
      figure: string;
      day: string;
      condition: 'new' | 'used';
      kind: 'sold' | 'asking';
      source: string;
      quantity: number;
      price: string;
      superseded: boolean;
      confidence: string;
    }[]
  >(
    `select l.minifigure_id as figure, to_char(l."timestamp" at time zone 'UTC', 'YYYY-MM-DD') as day,
            l.condition, l.kind, s.name as source, l.quantity, l.price_usd as price,
            l.superseded_at is not null as superseded, l.confidence_score as confidence
     from price_listings l join data_sources s on s.id = l.source_id`,
  );
  return rows.map((r) => ({ ...r, price: Number(r.price), confidence: Number(r.confidence) }));
}

export interface SnapshotRow {
  minifigure_id: string;
  date: string;
  min_price_usd: string;
  max_price_usd: string;
  avg_price_usd: string;
  median_price_usd: string;
  listing_count: number;
  sources_count: number;
  metadata: Record<string, unknown>;
  computed_at: Date;
}

export async function readSnapshots(em: EntityManager): Promise<SnapshotRow[]> {
  return em.getConnection().execute(
    `select minifigure_id, to_char(date, 'YYYY-MM-DD') as date, min_price_usd, max_price_usd, avg_price_usd,
              median_price_usd, listing_count, sources_count, metadata, computed_at
       from price_snapshots order by minifigure_id, date`,
  );
}

export async function readHeadlines(em: EntityManager): Promise<Record<string, unknown>[]> {
  return em.getConnection().execute(
    `select minifigure_id, condition, to_char(date, 'YYYY-MM-DD') as date, price_usd, basis, window_days,
              listing_count, outliers_excluded, low_confidence, listings_1d, listings_7d, listings_30d,
              sold_30d, listed_now, computed_at
       from headline_prices order by minifigure_id, condition, date`,
  );
}

export async function readLows(em: EntityManager): Promise<Record<string, unknown>[]> {
  return em.getConnection().execute(
    `select minifigure_id, condition, to_char(as_of, 'YYYY-MM-DD') as as_of, low_90d_usd, priced_days, computed_at
       from headline_lows order by minifigure_id, condition`,
  );
}

export async function readMoversLatest(em: EntityManager): Promise<Record<string, unknown>[]> {
  return em
    .getConnection()
    .execute(
      `select *, to_char(as_of, 'YYYY-MM-DD') as as_of from movers_latest order by minifigure_id, condition`,
    );
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
