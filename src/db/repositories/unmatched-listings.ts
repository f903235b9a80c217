import type pg from 'pg';
import type { Condition, ListingKind } from '../../ingest/types.js';
import { pgArray } from '../pg-array.js';

/** A valid, converted listing that could not be put on a figure, kept for review. */
export interface UnmatchedRow {
  timestamp: Date;
  externalId: string;
  title: string | null;
  itemNo: string | null;
  kind: ListingKind;
  condition: Condition;
  quantity: number;
  price: string;
  currency: string;
  priceUsd: string;
  exchangeRate: string;
  sellerName: string | null;
  rawJson: string;
  /** Why it is here, in words: "no catalogue figure matched the title", "sw1507 is not in the catalogue". */
  reason: string;
  /** The matcher's best score, 0..1 at most 3 decimals; null when no matcher ran. */
  bestConfidence: string | null;
  /** JSON array of {item_no, score}. */
  candidatesJson: string;
}

/** Inserts unmatched listings; a listing already kept is skipped. Returns how many rows were new. */
export async function insertUnmatchedListings(
  client: pg.ClientBase,
  sourceId: number,
  rows: UnmatchedRow[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const pick = (f: (r: UnmatchedRow) => string | number | null) => pgArray(rows.map(f));
  const result = await client.query(
    `insert into unmatched_listings ("timestamp", source_id, external_id, title, item_no, kind, condition,
       quantity, price, currency, price_usd, exchange_rate, seller_name, raw, reason, best_confidence, candidates)
     select t.ts, $1, t.ext, t.title, t.item_no, t.kind, t.cond, t.qty, t.price, t.cur, t.usd, t.rate, t.seller,
            t.raw::jsonb, t.reason, t.best, t.candidates::jsonb
     from unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                 $9::numeric[], $10::text[], $11::numeric[], $12::numeric[], $13::text[], $14::text[],
                 $15::text[], $16::numeric[], $17::text[])
       as t(ts, ext, title, item_no, kind, cond, qty, price, cur, usd, rate, seller, raw, reason, best, candidates)
     on conflict (source_id, external_id, "timestamp") do nothing`,
    [
      sourceId,
      pick((r) => r.timestamp.toISOString()),
      pick((r) => r.externalId),
      pick((r) => r.title),
      pick((r) => r.itemNo),
      pick((r) => r.kind),
      pick((r) => r.condition),
      pick((r) => r.quantity),
      pick((r) => r.price),
      pick((r) => r.currency),
      pick((r) => r.priceUsd),
      pick((r) => r.exchangeRate),
      pick((r) => r.sellerName),
      pick((r) => r.rawJson),
      pick((r) => r.reason),
      pick((r) => r.bestConfidence),
      pick((r) => r.candidatesJson),
    ],
  );
  return result.rowCount ?? 0;
}
