import type pg from 'pg';
import type { Condition, ListingKind } from '../../ingest/types.js';
import { jsonArray, pgArray, pgPlainArray } from '../pg-array.js';

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
  const plain = (f: (r: UnmatchedRow) => string | number | null) => pgPlainArray(rows.map(f));
  const result = await client.query(
    `insert into unmatched_listings ("timestamp", source_id, external_id, title, item_no, kind, condition,
       quantity, price, currency, price_usd, exchange_rate, seller_name, raw, reason, best_confidence, candidates)
     select t.ts, $1, t.ext, t.title, t.item_no, t.kind, t.cond, t.qty, t.price, t.cur, t.usd, t.rate, t.seller,
            t.raw, t.reason, t.best, t.candidates
     from unnest($2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                 $9::numeric[], $10::text[], $11::numeric[], $12::numeric[], $13::text[],
                 array(select e from jsonb_array_elements($14::jsonb) with ordinality as j(e, n) order by n), $15::text[], $16::numeric[],
                 array(select e from jsonb_array_elements($17::jsonb) with ordinality as j(e, n) order by n))
       as t(ts, ext, title, item_no, kind, cond, qty, price, cur, usd, rate, seller, raw, reason, best, candidates)
     on conflict (source_id, external_id, "timestamp") do nothing`,
    [
      sourceId,
      plain((r) => r.timestamp.toISOString()),
      pick((r) => r.externalId),
      pick((r) => r.title),
      pick((r) => r.itemNo),
      plain((r) => r.kind),
      plain((r) => r.condition),
      plain((r) => r.quantity),
      plain((r) => r.price),
      plain((r) => r.currency),
      plain((r) => r.priceUsd),
      plain((r) => r.exchangeRate),
      pick((r) => r.sellerName),
      jsonArray(rows.map((r) => r.rawJson)),
      pick((r) => r.reason),
      plain((r) => r.bestConfidence),
      jsonArray(rows.map((r) => r.candidatesJson)),
    ],
  );
  return result.rowCount ?? 0;
}
