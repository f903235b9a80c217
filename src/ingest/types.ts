import type { CONDITIONS, LISTING_KINDS } from '../db/entities/price-listing.js';

export type Condition = (typeof CONDITIONS)[number];
export type ListingKind = (typeof LISTING_KINDS)[number];

/**
 * One price as a source client reports it, before matching and currency conversion.
 * Sources produce these; the ingest pipeline matches, converts and writes them.
 */
export interface RawListing {
  /** Stable upstream identity of this observation; with the timestamp it makes re-ingestion a no-op. */
  externalId: string;
  timestamp: Date;
  kind: ListingKind;
  condition: Condition;
  quantity: number;
  /** Decimal string as received ("12.3400"); never a float, to keep cents exact. */
  price: string;
  /** ISO 4217 code as received. */
  currency: string;
  sellerName?: string | null;
  /** Set when the source names the figure itself (BrickLink item numbers): no matching needed. */
  itemNo?: string;
  /** Listing title, for sources that need matching (eBay, LEGO). */
  title?: string;
  /** The upstream item, kept verbatim in price_listings.raw_data. */
  raw: unknown;
}

/** What a pipeline run reports, and `minifig job run` prints. */
export interface IngestSummary {
  fetched: number;
  inserted: number;
  duplicates: number;
  unmatched: number;
  rejected: number;
  errors: number;
  /** Each rejected listing with the reason (bad price, unknown currency); `rejected` counts them. */
  rejects?: RejectedListing[];
}

/** A listing that was not stored, and why. */
export interface RejectedListing {
  externalId: string;
  reason: string;
}

/** What the matcher says about one title (src/matching). */
export interface TitleMatch {
  /** The figure's BrickLink item number, or null below the confidence threshold or for non-figures. */
  itemNo: string | null;
  /** 0..1 */
  confidence: number;
  /** The best few candidates, best first. */
  candidates: { itemNo: string; score: number }[];
  /** Why there is no figure (the matcher's word: 'ambiguous', 'lot', 'low-confidence'...), when it says. */
  reason?: string | null;
}

/** Matches many titles at once, one result per title in the same order. */
export type TitleMatcher = (titles: string[]) => Promise<TitleMatch[]>;
