import { CONDITIONS, LISTING_KINDS } from '../db/entities/price-listing.js';
import type { Condition, ListingKind, RawListing } from './types.js';

/** A RawListing whose shape the database will accept; price and currency are checked by conversion. */
export interface CheckedListing {
  externalId: string;
  timestamp: Date;
  kind: ListingKind;
  condition: Condition;
  quantity: number;
  price: string;
  currency: string;
  sellerName: string | null;
  itemNo: string | null;
  title: string | null;
  /** The upstream item; `rawJsonOf` turns it into the JSON stored in raw_data. */
  raw: unknown;
}

const MAX_INT4 = 2_147_483_647;

/**
 * Checks everything a price_listings constraint would otherwise refuse, so that one bad listing is
 * rejected with a reason instead of failing the whole statement it is written in.
 */
export function checkListing(
  raw: RawListing,
): { ok: true; listing: CheckedListing } | { ok: false; reason: string } {
  const externalId = clean(raw.externalId);
  if (!externalId) return { ok: false, reason: 'no upstream id' };
  const timestamp = raw.timestamp;
  if (!(timestamp instanceof Date) || Number.isNaN(timestamp.getTime())) {
    return { ok: false, reason: `invalid timestamp ${JSON.stringify(raw.timestamp)}` };
  }
  if (!(LISTING_KINDS as readonly string[]).includes(raw.kind)) {
    return { ok: false, reason: `unknown listing kind ${JSON.stringify(raw.kind)}` };
  }
  if (!(CONDITIONS as readonly string[]).includes(raw.condition)) {
    return { ok: false, reason: `unknown condition ${JSON.stringify(raw.condition)}` };
  }
  if (!Number.isInteger(raw.quantity) || raw.quantity < 1 || raw.quantity > MAX_INT4) {
    return { ok: false, reason: `bad quantity ${JSON.stringify(raw.quantity)}` };
  }
  const price = typeof raw.price === 'number' ? String(raw.price) : raw.price;
  if (typeof price !== 'string') return { ok: false, reason: `bad price ${JSON.stringify(raw.price)}` };
  const itemNo = clean(raw.itemNo);
  const title = clean(raw.title);
  if (!itemNo && !title) return { ok: false, reason: 'neither an item number nor a title to match' };
  return {
    ok: true,
    listing: {
      externalId,
      timestamp,
      kind: raw.kind,
      condition: raw.condition,
      quantity: raw.quantity,
      price,
      currency: typeof raw.currency === 'string' ? raw.currency : '',
      sellerName: clean(raw.sellerName),
      itemNo,
      title,
      raw: raw.raw,
    },
  };
}

/** Trimmed text without NUL characters (PostgreSQL text cannot hold them); null when empty. */
function clean(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = value.replaceAll('\u0000', '').trim();
  return text === '' ? null : text;
}

/**
 * The upstream item as JSON text that jsonb accepts (it refuses the \u0000 escape, which upstream
 * garbage may contain); null when it cannot be JSON at all (a cycle, a BigInt).
 */
export function rawJsonOf(value: unknown): string | null {
  let json: string;
  try {
    json = JSON.stringify(value ?? {}) ?? '{}';
  } catch {
    return null; // a cycle or a BigInt
  }
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1') : json;
}
