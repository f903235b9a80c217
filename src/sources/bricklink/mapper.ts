import { hash } from 'node:crypto';
import type { Condition, RawListing } from '../../ingest/types.js';
import { startOfUtcDay } from '../dates.js';
import { type GuideType, type NewOrUsed, normalisePrice, type PriceGuideData } from './wire.js';

export interface GuideRequest {
  itemNo: string;
  guideType: GuideType;
  newOrUsed: NewOrUsed;
}

/** BrickLink's own figures for one guide (the analytics store them beside our listings). */
export interface GuideSummary extends GuideRequest {
  condition: Condition;
  currency: string;
  minPrice: string;
  maxPrice: string;
  avgPrice: string;
  qtyAvgPrice: string;
  unitQuantity: number;
  totalQuantity: number;
}

/** A detail entry we could not turn into a listing, and why. */
export interface Rejection {
  reason: string;
  raw: unknown;
}

export interface MappedGuide {
  /** Null when BrickLink has no data for this guide (an all-zero summary) or its summary is unreadable. */
  summary: GuideSummary | null;
  listings: RawListing[];
  rejected: Rejection[];
}

export const CONDITION_OF: Record<NewOrUsed, Condition> = { N: 'new', U: 'used' };

/**
 * One price guide answer to listings: every `price_detail` entry becomes a listing of the item we
 * asked for (no title matching needed). Sold entries are sales, dated by `date_ordered`; the sold
 * detail can reach back past BrickLink's 6-month window, and those older sales are kept with their
 * own date because they are real sales. Stock entries are asking prices observed on the fetch day.
 * An entry that fails validation (a price of "abc", no quantity, no date) is rejected alone.
 */
export function mapPriceGuide(req: GuideRequest, data: PriceGuideData, fetchedAt: Date): MappedGuide {
  const listings: RawListing[] = [];
  const rejected: Rejection[] = [];
  const seen = new Map<string, number>();
  const fetchDay = startOfUtcDay(fetchedAt);

  for (const entry of data.price_detail) {
    const parsed = parseEntry(req.guideType, entry);
    if ('reason' in parsed) {
      rejected.push({ reason: parsed.reason, raw: entry });
      continue;
    }
    const timestamp = req.guideType === 'sold' ? parsed.dateOrdered : fetchDay;
    const identity = [
      req.itemNo.toLowerCase(),
      req.newOrUsed,
      req.guideType,
      timestamp.toISOString(),
      parsed.price,
      parsed.quantity,
      parsed.sellerCountry,
      parsed.buyerCountry,
    ];
    listings.push({
      externalId: externalIdFor(identity, seen),
      timestamp,
      kind: req.guideType === 'sold' ? 'sold' : 'asking',
      condition: CONDITION_OF[req.newOrUsed],
      quantity: parsed.quantity,
      price: parsed.price,
      currency: data.currency_code,
      sellerName: null,
      itemNo: req.itemNo,
      raw: { ...(entry as Record<string, unknown>), guide_type: req.guideType, new_or_used: req.newOrUsed },
    });
  }
  return { summary: summarise(req, data), listings, rejected };
}

/**
 * BrickLink gives detail entries no id, so the id is derived from what the entry says: item,
 * condition, guide type, the sale's date (sold) or the fetch day (stock), price, quantity and
 * countries, plus the entry's ordinal among identical entries of the same answer. Fetching the
 * same guide again yields the same ids, so the rerun inserts nothing; two genuinely identical
 * sales (same millisecond, price, quantity and countries) get ordinals 0 and 1 and both stay. A
 * stock lot seen again on a later day is a new observation of the asking price, with a new id.
 */
function externalIdFor(identity: (string | number | null)[], seen: Map<string, number>): string {
  const key = JSON.stringify(identity);
  const ordinal = seen.get(key) ?? 0;
  seen.set(key, ordinal + 1);
  // The hashed text is JSON.stringify([...identity, ordinal]), built from `key` without a second pass.
  return `bl:${hash('sha256', `${key.slice(0, -1)},${ordinal}]`, 'hex').slice(0, 32)}`;
}

interface ParsedEntry {
  price: string;
  quantity: number;
  dateOrdered: Date;
  sellerCountry: string | null;
  buyerCountry: string | null;
}

function parseEntry(guideType: GuideType, entry: unknown): ParsedEntry | { reason: string } {
  if (typeof entry !== 'object' || entry === null) return { reason: 'detail entry is not an object' };
  const e = entry as Record<string, unknown>;
  const price = normalisePrice(e.unit_price);
  if (price === null) return { reason: `unit_price ${JSON.stringify(e.unit_price)} is not a price` };
  if (/^0+\.0+$/.test(price)) return { reason: 'unit_price is zero' };
  // Stock entries carry the quantity twice, once under the typo `qunatity`; either will do.
  const quantity = positiveInt(e.quantity) ?? positiveInt(e.qunatity);
  if (quantity === null)
    return { reason: `quantity ${JSON.stringify(e.quantity)} is not a positive integer` };
  let dateOrdered = new Date(Number.NaN);
  if (guideType === 'sold') {
    dateOrdered = typeof e.date_ordered === 'string' ? new Date(e.date_ordered) : dateOrdered;
    if (Number.isNaN(dateOrdered.getTime())) {
      return { reason: `date_ordered ${JSON.stringify(e.date_ordered)} is not a date` };
    }
  }
  return {
    price,
    quantity,
    dateOrdered,
    sellerCountry: typeof e.seller_country_code === 'string' ? e.seller_country_code : null,
    buyerCountry: typeof e.buyer_country_code === 'string' ? e.buyer_country_code : null,
  };
}

/**
 * An all-zero summary is BrickLink's way of saying "no data", not a price of zero. A summary with
 * an unreadable price is not kept either (the detail entries are still mapped one by one).
 */
function summarise(req: GuideRequest, data: PriceGuideData): GuideSummary | null {
  const prices = [data.min_price, data.max_price, data.avg_price, data.qty_avg_price].map(normalisePrice);
  const [minPrice, maxPrice, avgPrice, qtyAvgPrice] = prices;
  if (!minPrice || !maxPrice || !avgPrice || !qtyAvgPrice) return null;
  const allZero = prices.every((p) => /^0+\.0+$/.test(p ?? '')) && data.total_quantity === 0;
  if (allZero) return null;
  return {
    ...req,
    condition: CONDITION_OF[req.newOrUsed],
    currency: data.currency_code,
    minPrice,
    maxPrice,
    avgPrice,
    qtyAvgPrice,
    unitQuantity: data.unit_quantity,
    totalQuantity: data.total_quantity,
  };
}

function positiveInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}
