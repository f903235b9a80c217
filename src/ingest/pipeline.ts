import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { findSourceByName, recordScrape } from '../db/repositories/data-sources.js';
import { inLanes } from '../db/repositories/lanes.js';
import { insertPriceListings, type ListingRow } from '../db/repositories/price-listings-bulk.js';
import { insertUnmatchedListings, type UnmatchedRow } from '../db/repositories/unmatched-listings.js';
import { retireDemoBeforeRealPrices } from '../demo/demo-data.js';
import { log as rootLog } from '../log.js';
import { loadRateTable } from './currency.js';
import { ChunkResolver } from './match-ahead.js';
import { type Converted, confidence3, type Resolution } from './resolve-figures.js';
import type { IngestSummary, RawListing, RejectedListing, TitleMatcher } from './types.js';
import { type CheckedListing, checkListing, rawJsonOf } from './validate.js';

export interface IngestOptions {
  /** Puts titles on figures; listings that carry an item number do not need it. */
  matcher?: TitleMatcher;
  /** Recorded as data_sources.last_scraped_at. */
  now: Date;
  /** Older rates than this (days before the listing's date) are not used; see DEFAULT_MAX_RATE_AGE_DAYS. */
  maxRateAgeDays?: number;
  /** Listings per write statement (default DEFAULT_CHUNK_SIZE, or MATCHED_CHUNK_SIZE when titles need the matcher). */
  chunkSize?: number;
  /** Write statements in flight at once (see DEFAULT_CONCURRENCY). */
  concurrency?: number;
  log?: Logger;
}

/** Listed in the log line of a batch with rejects; all of them are in the summary. */
const REJECTS_LOGGED = 20;
/** Rows per statement: large enough to amortise the round-trip, small enough to keep one failure cheap. */
const DEFAULT_CHUNK_SIZE = 5000;
/**
 * Listings per write statement when titles need the matcher: smaller than DEFAULT_CHUNK_SIZE so
 * that writing one chunk overlaps with matching the next (a 5,000-row chunk would leave the last
 * half of a 10,000-listing fetch written after all matching, with the matcher idle).
 */
export const MATCHED_CHUNK_SIZE = 1000;
/** Chunks beyond the one being written whose titles are already with the matcher. */
const MATCH_AHEAD = 2;

/**
 * Takes one fetch of a source from raw listings to rows: checks each listing, converts its price
 * to USD with the rate of its date, puts it on a catalogue figure (by item number in one query, or
 * through the matcher in one call), bulk-writes price_listings and unmatched_listings, and stamps
 * the source's last run. A bad listing is rejected with a reason and the rest carry on; a failed
 * write chunk is counted as errors and the other chunks are still written. Running the same fetch
 * again inserts nothing.
 *
 * Rows are built chunk by chunk inside the write lanes, so building one chunk overlaps with the
 * server inserting another; titles are matched chunk by chunk too, a few chunks ahead of the
 * writes, so the matcher (a pool of worker threads in the eBay job) works while chunks are written.
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

    const resolver = await ChunkResolver.create(em, checked, opts.matcher, (count, error) => {
      summary.errors += count;
      log.error({ err: error, listings: count }, 'the matcher failed; these listings were not stored');
    });
    const needsMatcher = !!opts.matcher && checked.some((l) => !l.itemNo);
    const size = opts.chunkSize ?? (needsMatcher ? MATCHED_CHUNK_SIZE : DEFAULT_CHUNK_SIZE);

    const rates = await loadRateTable(em, checked, opts.maxRateAgeDays);
    const converted: Converted[] = [];
    for (const listing of checked) {
      const conversion = rates.convert(listing.price, listing.currency, listing.timestamp);
      if (conversion.ok) converted.push({ listing, conversion });
      else reject(listing.externalId, conversion.reason);
      // Each of the first chunks goes to the matcher as soon as it is converted, so the matcher
      // works while the rest are converted.
      if (needsMatcher && converted.length % size === 0 && converted.length <= (MATCH_AHEAD + 1) * size)
        resolver.request(listingsOf(converted.slice(-size)));
    }

    // The first real prices replace the demo: its listings, snapshots and headlines go first.
    if (converted.length > 0) await retireDemoBeforeRealPrices(em, opts.now, log);

    const chunks = Math.ceil(converted.length / size);
    const chunkAt = (i: number) => converted.slice(i * size, (i + 1) * size);
    const failures = await inLanes(
      em,
      chunks,
      async (client, i) => {
        // This chunk's titles first: a pool answers requests in the order they came.
        const last = needsMatcher ? Math.min(chunks - 1, i + MATCH_AHEAD) : i - 1;
        for (let ahead = i; ahead <= last; ahead++) resolver.request(listingsOf(chunkAt(ahead)));
        const resolve = await resolver.prepare(chunkAt(i));
        const { listings, unmatched } = buildRows(chunkAt(i), resolve, reject);
        try {
          const inserted = await insertPriceListings(client, source.id, listings);
          summary.inserted += inserted;
          summary.duplicates += listings.length - inserted;
        } catch (err) {
          summary.errors += listings.length;
          log.error(
            { err, rows: listings.length },
            'a price_listings chunk failed; its rows were not stored',
          );
        }
        try {
          await insertUnmatchedListings(client, source.id, unmatched);
          summary.unmatched += unmatched.length;
        } catch (err) {
          summary.errors += unmatched.length;
          log.error(
            { err, rows: unmatched.length },
            'an unmatched_listings chunk failed; its rows were not stored',
          );
        }
      },
      { concurrency: opts.concurrency },
    );
    // Only a failure before any insert lands here (no connection): the whole chunk is lost.
    for (const f of failures) {
      const rows = Math.min(size, converted.length - f.index * size);
      summary.errors += rows;
      log.error({ err: f.error, rows }, 'a write chunk failed; its rows were not stored');
    }
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

function listingsOf(chunk: readonly Converted[]): CheckedListing[] {
  return chunk.map((c) => c.listing);
}

/** One chunk's rows for both tables. */
function buildRows(
  chunk: Converted[],
  resolve: (c: Converted) => Resolution,
  reject: (externalId: string, reason: string) => void,
): { listings: ListingRow[]; unmatched: UnmatchedRow[] } {
  const listings: ListingRow[] = [];
  const unmatched: UnmatchedRow[] = [];
  for (const c of chunk) {
    const { listing, conversion } = c;
    const resolution = resolve(c);
    if (resolution.kind === 'skipped') continue;
    const rawJson = rawJsonOf(listing.raw);
    if (rawJson === null) {
      reject(listing.externalId, 'the upstream item cannot be stored as JSON');
      continue;
    }
    if (resolution.kind === 'matched') {
      listings.push({
        timestamp: listing.timestamp,
        minifigureId: resolution.minifigureId,
        externalId: listing.externalId,
        kind: listing.kind,
        condition: listing.condition,
        quantity: listing.quantity,
        priceUsd: conversion.priceUsd,
        originalPrice: conversion.originalPrice,
        currency: conversion.currency,
        exchangeRate: conversion.rate,
        confidence: resolution.confidence,
        rawJson,
        sellerName: listing.sellerName,
      });
    } else {
      const match = resolution.match;
      unmatched.push({
        timestamp: listing.timestamp,
        externalId: listing.externalId,
        title: listing.title,
        itemNo: listing.itemNo,
        kind: listing.kind,
        condition: listing.condition,
        quantity: listing.quantity,
        price: conversion.originalPrice,
        currency: conversion.currency,
        priceUsd: conversion.priceUsd,
        exchangeRate: conversion.rate,
        sellerName: listing.sellerName,
        rawJson,
        reason: resolution.reason,
        bestConfidence: match ? confidence3(match.confidence) : null,
        candidatesJson: JSON.stringify(
          (match?.candidates ?? []).map((m) => ({ item_no: m.itemNo, score: m.score })),
        ),
      });
    }
  }
  return { listings, unmatched };
}
