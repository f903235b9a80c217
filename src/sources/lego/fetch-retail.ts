import type { RawListing } from '../../ingest/types.js';
import type { LegoClient } from './client.js';
import { extractProductOffers } from './json-ld.js';
import type { ProductMapping } from './mapping.js';

/** A product's retail price as a listing, or why it has none today. A page that fails throws. */
export type RetailPrice = { listing: RawListing } | { skipped: string };

/**
 * One retail observation per mapped product per UTC day: the day is both the listing's timestamp
 * and part of its id, so a second run on the same day inserts nothing, and each new day adds one
 * point to the figure's retail history.
 */
export async function fetchRetailPrice(
  client: LegoClient,
  product: ProductMapping,
  now: Date,
  signal?: AbortSignal,
): Promise<RetailPrice> {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  if (!(await client.allowed(product.path, signal))) return { skipped: 'disallowed by robots.txt' };
  const offer = extractProductOffers(await client.page(product.path, signal))[0];
  if (!offer) return { skipped: 'no schema.org Product offer with a price on the page' };
  return {
    listing: {
      externalId: `${product.path}@${day.toISOString().slice(0, 10)}`,
      timestamp: day,
      kind: 'asking',
      condition: 'new',
      quantity: 1,
      price: offer.price,
      currency: offer.currency,
      sellerName: 'LEGO',
      itemNo: product.itemNo,
      title: offer.productName ?? undefined,
      raw: { path: product.path, offer },
    },
  };
}
