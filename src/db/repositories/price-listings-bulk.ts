import type pg from 'pg';
import type { Condition, ListingKind } from '../../ingest/types.js';
import { jsonArray, pgArray, pgPlainArray } from '../pg-array.js';

/** One converted, matched listing ready for price_listings. Decimals are strings, never floats. */
export interface ListingRow {
  timestamp: Date;
  minifigureId: string;
  externalId: string;
  kind: ListingKind;
  condition: Condition;
  quantity: number;
  priceUsd: string;
  originalPrice: string;
  currency: string;
  /** Units of `currency` per 1 USD. */
  exchangeRate: string;
  /** 0..1, at most 3 decimals. */
  confidence: string;
  /** The upstream item, already JSON text (valid JSON: it is sent inside a JSON array). */
  rawJson: string;
  sellerName: string | null;
}

/**
 * Inserts listings with one `unnest` statement over typed arrays and returns how many rows were
 * new. Rows already present (same source, upstream id and timestamp), including repeats inside the
 * batch, are skipped by ON CONFLICT on the columns, which also works on a TimescaleDB hypertable
 * (there each chunk has its own copy of the unique index, so nothing here depends on its name).
 */
export async function insertPriceListings(
  client: pg.ClientBase,
  sourceId: number,
  rows: ListingRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <T>(f: (r: ListingRow) => T) => rows.map(f);
  const result = await client.query(
    `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, quantity,
       price_usd, original_price, original_currency, exchange_rate, confidence_score, raw_data, seller_name)
     select t.ts, t.fig, $1, t.ext, t.kind, t.cond, t.qty, t.usd, t.orig, t.cur, t.rate, t.conf, t.raw, t.seller
     from unnest($2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::numeric[],
                 $9::numeric[], $10::text[], $11::numeric[], $12::numeric[],
                 array(select e from jsonb_array_elements($13::jsonb) with ordinality as j(e, n) order by n), $14::text[])
       as t(ts, fig, ext, kind, cond, qty, usd, orig, cur, rate, conf, raw, seller)
     on conflict (source_id, external_id, "timestamp") do nothing`,
    [
      sourceId,
      pgPlainArray(col((r) => r.timestamp.toISOString())),
      pgPlainArray(col((r) => r.minifigureId)),
      pgArray(col((r) => r.externalId)),
      pgPlainArray(col((r) => r.kind)),
      pgPlainArray(col((r) => r.condition)),
      pgPlainArray(col((r) => r.quantity)),
      pgPlainArray(col((r) => r.priceUsd)),
      pgPlainArray(col((r) => r.originalPrice)),
      pgPlainArray(col((r) => r.currency)),
      pgPlainArray(col((r) => r.exchangeRate)),
      pgPlainArray(col((r) => r.confidence)),
      jsonArray(col((r) => r.rawJson)),
      pgArray(col((r) => r.sellerName)),
    ],
  );
  return result.rowCount ?? 0;
}
