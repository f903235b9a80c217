import type { Condition } from '../ingest/types.js';
import { medianOfSorted, screenOutliers, toDecimalString, toUnits } from './robust-stats.js';

/**
 * BrickLink's price guide (GET /items/MINIFIG/{no}/price) answers with its own summary beside the
 * `price_detail` entries. We keep that summary and compute ours over the very same entries with
 * BrickLink's definitions, so both can be shown side by side:
 *  - min_price / max_price: lowest / highest unit_price;
 *  - avg_price: mean of unit_price over the entries (each entry once);
 *  - qty_avg_price: sum(unit_price x quantity) / sum(quantity);
 *  - unit_quantity: number of entries; total_quantity: sum of quantities.
 * Where they differ, the analysis says why: the sold summary covers the last 6 months while the
 * detail can list older sales; our headline leaves outliers out; and a guide asked in another
 * currency was converted by BrickLink on the fetch day, our USD prices at each sale day's ECB rate.
 * Money is exact: integer units of 0.0001 (robust-stats.ts), averages rounded half up to 4 places.
 */

export type GuideType = 'sold' | 'stock';

export interface BrickLinkReported {
  minPrice: string;
  maxPrice: string;
  avgPrice: string;
  qtyAvgPrice: string;
  unitQuantity: number;
  totalQuantity: number;
}

export interface BrickLinkGuideInput {
  /** BrickLink item number, e.g. 'sw0001'. */
  itemNo: string;
  /** From new_or_used: 'N' is new, 'U' used. */
  condition: Condition;
  guideType: GuideType;
  /** currency_code of the answer. */
  currency: string;
  fetchedAt: Date;
  reported: BrickLinkReported;
  /**
   * `price_detail` exactly as received: `{ quantity, unit_price, seller_country_code,
   * buyer_country_code, date_ordered }` for sales, `{ quantity, qunatity, unit_price,
   * shipping_available }` for stock. Unreadable entries are counted and skipped.
   */
  entries: unknown[];
}

/** A detail entry we could read: quantity, unit price in units, and the sale's time (sold guides). */
export interface GuideEntry {
  quantity: number;
  price: number;
  orderedAt: string | null;
}

export interface GuideFigures {
  minPrice: string | null;
  maxPrice: string | null;
  avgPrice: string | null;
  qtyAvgPrice: string | null;
  unitQuantity: number;
  totalQuantity: number;
}

export interface GuideAnalysis {
  /** Ours over every readable entry, with BrickLink's definitions. */
  all: GuideFigures;
  /** Sold guides: the same over sales of the 6 months before the fetch (BrickLink's window). */
  lastSixMonths: GuideFigures | null;
  olderThanSixMonths: number;
  /** The outlier rule applied to the entries' unit prices (as our headline does), then the same figures. */
  withoutOutliers: GuideFigures & { median: string | null; outliersExcluded: number };
  unreadableEntries: number;
}

/** Reads price_detail entries; BrickLink's stock entries carry the quantity twice, once as `qunatity`. */
export function readGuideEntries(
  entries: unknown[],
  guideType: GuideType,
): { read: GuideEntry[]; unreadable: number } {
  const read: GuideEntry[] = [];
  let unreadable = 0;
  for (const raw of entries) {
    const e = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const quantity = [e.quantity, e.qunatity].find(
      (q) => typeof q === 'number' && Number.isInteger(q) && q > 0,
    );
    const price =
      typeof e.unit_price === 'number' || typeof e.unit_price === 'string' ? safeUnits(e.unit_price) : null;
    const ordered = typeof e.date_ordered === 'string' ? new Date(e.date_ordered) : null;
    const validDate = ordered !== null && !Number.isNaN(ordered.getTime());
    if (quantity === undefined || price === null || price < 0 || (guideType === 'sold' && !validDate)) {
      unreadable++;
      continue;
    }
    read.push({
      quantity: quantity as number,
      price,
      orderedAt: validDate ? (ordered as Date).toISOString() : null,
    });
  }
  return { read, unreadable };
}

function safeUnits(value: string | number): number | null {
  try {
    return toUnits(value);
  } catch {
    return null;
  }
}

/** Rounded half up: the division of two exact integers. */
function divide(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

/** BrickLink's summary definitions over `entries`. */
export function summariseGuideEntries(entries: readonly GuideEntry[]): GuideFigures {
  if (entries.length === 0) {
    return {
      minPrice: null,
      maxPrice: null,
      avgPrice: null,
      qtyAvgPrice: null,
      unitQuantity: 0,
      totalQuantity: 0,
    };
  }
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  let weighted = 0;
  let quantity = 0;
  for (const e of entries) {
    min = Math.min(min, e.price);
    max = Math.max(max, e.price);
    sum += e.price;
    weighted += e.price * e.quantity;
    quantity += e.quantity;
  }
  return {
    minPrice: toDecimalString(min),
    maxPrice: toDecimalString(max),
    avgPrice: toDecimalString(divide(sum, entries.length)),
    qtyAvgPrice: toDecimalString(divide(weighted, quantity)),
    unitQuantity: entries.length,
    totalQuantity: quantity,
  };
}

/** The start of BrickLink's sold window: the same instant six calendar months before the fetch. */
export function sixMonthsBefore(at: Date): Date {
  const start = new Date(at.getTime());
  start.setUTCMonth(start.getUTCMonth() - 6);
  return start;
}

export function analyseGuide(input: BrickLinkGuideInput): { entries: GuideEntry[]; analysis: GuideAnalysis } {
  const { read, unreadable } = readGuideEntries(input.entries, input.guideType);
  const since = sixMonthsBefore(input.fetchedAt).toISOString();
  const recent = input.guideType === 'sold' ? read.filter((e) => (e.orderedAt ?? '') >= since) : null;
  const { kept, excluded } = screenOutliers(read.map((e) => e.price));
  const remaining = [...kept];
  const keptEntries = read.filter((e) => {
    const at = remaining.indexOf(e.price);
    if (at < 0) return false;
    remaining.splice(at, 1);
    return true;
  });
  return {
    entries: read,
    analysis: {
      all: summariseGuideEntries(read),
      lastSixMonths: recent ? summariseGuideEntries(recent) : null,
      olderThanSixMonths: recent ? read.length - recent.length : 0,
      withoutOutliers: {
        ...summariseGuideEntries(keptEntries),
        median: kept.length > 0 ? toDecimalString(medianOfSorted(kept)) : null,
        outliersExcluded: excluded,
      },
      unreadableEntries: unreadable,
    },
  };
}
