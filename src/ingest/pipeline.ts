import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { findSourceByName, recordScrape } from '../db/repositories/data-sources.js';
import { log as rootLog } from '../log.js';
import { type ConversionResult, loadRateTable } from './currency.js';
import { confidence3, resolveFigures } from './resolve-figures.js';
import type { IngestSummary, RawListing, RejectedListing, TitleMatcher } from './types.js';
import { checkListing } from './validate.js';
import {
  type ChunkFailure,
  type ListingRow,
  type UnmatchedRow,
  writeListings,
  writeUnmatched,
} from './write-listings.js';

export interface IngestOptions {
  /** Puts titles on figures; listings that carry an item number do not need it. */
  matcher?: TitleMatcher;
  /** Recorded as data_sources.last_scraped_at. */
  now: Date;
  /** Older rates than this (days before the listing's date) are not used; see DEFAULT_MAX_RATE_AGE_DAYS. */
  maxRateAgeDays?: number;
  chunkSize?: number;
  log?: Logger;
}

/** Listed in the log line of a batch with rejects; all of them are in the summary. */
const REJECTS_LOGGED = 20;

/**
 * Takes one fetch of a source from raw listings to rows: checks each listing, converts its price
 * to USD with the rate of its date, puts it on a catalogue figure (by item number in one query, or
 * through the matcher), bulk-writes price_listings and unmatched_listings, and stamps the source's
 * last run. A bad listing is rejected with a reason and the rest carry on; a failed write chunk is
 * counted as errors and the other chunks are still written. Running the same fetch again inserts
 * nothing.
 */
export async function ingestListings(
  em: EntityManager,
  sourceName: string,
  raws: RawListing[],
  opts: IngestOptions,
): Promise<IngestSummary> {
  const log = (opts.log ?? rootLog).child({ source: sourceName });
  const source = await findSourceByName(em, sourceName);
  if (!source) throw new Error(`unknown data source "${sourceName}" (not in data_sources)`);

  const rejects: RejectedListing[] = [];
  const summary: IngestSummary = {
    fetched: raws.length,
    inserted: 0,
    duplicates: 0,
    unmatched: 0,
    rejected: 0,
    errors: 0,
    rejects,
  };
  const reject = (externalId: unknown, reason: string) =>
    rejects.push({ externalId: typeof externalId === 'string' ? externalId : String(externalId), reason });

  try {
    const checked = [];
    for (const raw of raws) {
      const c = checkListing(raw);
      if (c.ok) checked.push(c.listing);
      else reject(raw?.externalId, c.reason);
    }

    const rates = await loadRateTable(em, checked, opts.maxRateAgeDays);
    const converted = [];
    for (const listing of checked) {
      const conversion = rates.convert(listing.price, listing.currency, listing.timestamp);
      if (conversion.ok) converted.push({ listing, conversion });
      else reject(listing.externalId, conversion.reason);
    }

    const resolved = await resolveFigures(em, converted, opts.matcher, (count, error) => {
      summary.errors += count;
      log.error({ err: error, listings: count }, 'the matcher failed; these listings were not stored');
    });

    const onChunkError = (table: string) => (failure: ChunkFailure) => {
      summary.errors += failure.rows;
      log.error(
        { err: failure.error, rows: failure.rows, table },
        'a write chunk failed; its rows were not stored',
      );
    };
    const listingRows: ListingRow[] = resolved.matched.map(
      ({ listing, conversion, minifigureId, confidence }) => ({
        timestamp: listing.timestamp,
        minifigureId,
        externalId: listing.externalId,
        kind: listing.kind,
        condition: listing.condition,
        quantity: listing.quantity,
        ...money(conversion),
        confidence,
        rawJson: listing.rawJson,
        sellerName: listing.sellerName,
      }),
    );
    const written = await writeListings(em, source.id, listingRows, {
      chunkSize: opts.chunkSize,
      onChunkError: onChunkError('price_listings'),
    });
    summary.inserted = written.inserted;
    summary.duplicates = written.duplicates;

    const unmatchedRows: UnmatchedRow[] = resolved.unmatched.map(({ listing, conversion, reason, match }) => {
      const m = money(conversion);
      return {
        timestamp: listing.timestamp,
        externalId: listing.externalId,
        title: listing.title,
        itemNo: listing.itemNo,
        kind: listing.kind,
        condition: listing.condition,
        quantity: listing.quantity,
        price: m.originalPrice,
        currency: m.currency,
        priceUsd: m.priceUsd,
        exchangeRate: m.exchangeRate,
        sellerName: listing.sellerName,
        rawJson: listing.rawJson,
        reason,
        bestConfidence: match ? confidence3(match.confidence) : null,
        candidatesJson: JSON.stringify(
          (match?.candidates ?? []).map((c) => ({ item_no: c.itemNo, score: c.score })),
        ),
      };
    });
    const kept = await writeUnmatched(em, source.id, unmatchedRows, {
      chunkSize: opts.chunkSize,
      onChunkError: onChunkError('unmatched_listings'),
    });
    summary.unmatched = kept.inserted + kept.duplicates;
  } catch (err) {
    await recordScrape(em, source.id, { at: opts.now, success: false }).catch((e) =>
      log.error({ err: e }, 'cannot record the failed run in data_sources'),
    );
    throw err;
  }

  summary.rejected = rejects.length;
  if (rejects.length > 0) {
    log.warn({ rejected: rejects.length, first: rejects.slice(0, REJECTS_LOGGED) }, 'listings rejected');
  }
  await recordScrape(em, source.id, { at: opts.now, success: summary.errors === 0 });
  return summary;
}

function money(c: Extract<ConversionResult, { ok: true }>) {
  return { priceUsd: c.priceUsd, originalPrice: c.originalPrice, currency: c.currency, exchangeRate: c.rate };
}
