import type pg from 'pg';
import type { Condition, ListingKind } from '../../ingest/types.js';
import { pgArray } from '../pg-array.js';

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
  /** The upstream item, already JSON text. */
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
  const n = rows.length;
  const cols = {
    ts: new Array<string>(n),
    fig: new Array<string>(n),
    ext: new Array<string>(n),
    kind: new Array<string>(n),
    cond: new Array<string>(n),
    qty: new Array<number>(n),
    usd: new Array<string>(n),
    orig: new Array<string>(n),
    cur: new Array<string>(n),
    rate: new Array<string>(n),
    conf: new Array<string>(n),
    raw: new Array<string>(n),
    seller: new Array<string | null>(n),
  };
  rows.forEach((r, i) => {
    cols.ts[i] = r.timestamp.toISOString();
    cols.fig[i] = r.minifigureId;
    cols.ext[i] = r.externalId;
    cols.kind[i] = r.kind;
    cols.cond[i] = r.condition;
    cols.qty[i] = r.quantity;
    cols.usd[i] = r.priceUsd;
    cols.orig[i] = r.originalPrice;
    cols.cur[i] = r.currency;
    cols.rate[i] = r.exchangeRate;
    cols.conf[i] = r.confidence;
    cols.raw[i] = r.rawJson;
    cols.seller[i] = r.sellerName;
  });
  const result = await client.query(
    `insert into price_listings ("timestamp", minifigure_id, source_id, external_id, kind, condition, quantity,
       price_usd, original_price, original_currency, exchange_rate, confidence_score, raw_data, seller_name)
     select t.ts, t.fig, $1, t.ext, t.kind, t.cond, t.qty, t.usd, t.orig, t.cur, t.rate, t.conf, t.raw::jsonb, t.seller
     from unnest($2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::numeric[],
                 $9::numeric[], $10::text[], $11::numeric[], $12::numeric[], $13::text[], $14::text[])
       as t(ts, fig, ext, kind, cond, qty, usd, orig, cur, rate, conf, raw, seller)
     on conflict (source_id, external_id, "timestamp") do nothing`,
    [
      sourceId,
      pgArray(cols.ts),
      pgArray(cols.fig),
      pgArray(cols.ext),
      pgArray(cols.kind),
      pgArray(cols.cond),
      pgArray(cols.qty),
      pgArray(cols.usd),
      pgArray(cols.orig),
      pgArray(cols.cur),
      pgArray(cols.rate),
      pgArray(cols.conf),
      pgArray(cols.raw),
      pgArray(cols.seller),
    ],
  );
  return result.rowCount ?? 0;
}
