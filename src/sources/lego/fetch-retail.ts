import type { Logger } from 'pino';
import type { RawListing } from '../../ingest/types.js';
import type { LegoClient } from './client.js';
import { extractProductOffers } from './json-ld.js';
import type { ProductMapping } from './mapping.js';

export interface RetailFetch {
  listings: RawListing[];
  /** Products not fetched or without a usable price, with why. */
  skipped: { path: string; reason: string }[];
  errors: number;
}

/**
 * One retail observation per mapped product per UTC day: the day is both the listing's timestamp
 * and part of its id, so a second run on the same day inserts nothing, and each new day adds one
 * point to the figure's retail history. A page that fails or has no price skips that product only.
 */
export async function fetchRetailPrices(opts: {
  client: LegoClient;
  products: ProductMapping[];
  now: Date;
  log: Logger;
  signal?: AbortSignal;
}): Promise<RetailFetch> {
  const day = new Date(Date.UTC(opts.now.getUTCFullYear(), opts.now.getUTCMonth(), opts.now.getUTCDate()));
  const dayKey = day.toISOString().slice(0, 10);
  const result: RetailFetch = { listings: [], skipped: [], errors: 0 };

  for (const product of opts.products) {
    if (opts.signal?.aborted) break;
    try {
      if (!(await opts.client.allowed(product.path, opts.signal))) {
        result.skipped.push({ path: product.path, reason: 'disallowed by robots.txt' });
        continue;
      }
      const offers = extractProductOffers(await opts.client.page(product.path, opts.signal));
      const offer = offers[0];
      if (!offer) {
        result.skipped.push({
          path: product.path,
          reason: 'no schema.org Product offer with a price on the page',
        });
        continue;
      }
      result.listings.push({
        externalId: `${product.path}@${dayKey}`,
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
      });
    } catch (err) {
      result.errors++;
      opts.log.warn({ err, path: product.path }, 'LEGO product page failed; continuing with the others');
    }
  }
  return result;
}
