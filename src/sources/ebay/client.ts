import type Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { SourceError } from '../../core/errors.js';
import type { RawListing } from '../../ingest/types.js';
import { createLimiter, HttpClient, type RateLimit, type RetryPolicy } from '../http.js';
import { mapItemSummary } from './mapper.js';
import { type EbayCredentials, EbayTokenCache } from './token.js';
import { searchPage } from './wire.js';

export const EBAY = {
  name: 'eBay',
  /** eBay's leaf category for minifigures (Toys & Hobbies > Building Toys > LEGO > Minifigures). */
  category: { id: '19001', name: 'LEGO Minifigures' },
  /** The Browse API's largest page. */
  pageSize: 200,
  /** Browse refuses offset + limit beyond 10,000: deeper results are unreachable by paging. */
  maxDepth: 10_000,
  /** Only fixed prices: an auction's current bid is not an asking price. */
  filter: 'buyingOptions:{FIXED_PRICE}',
  /** Newest first: repeated sweeps of a query pick up what was listed since the last one. */
  sort: 'newlyListed',
  rateLimit: { maxConcurrent: 2, minTimeMs: 100 } satisfies RateLimit,
} as const;

export interface EbayClientOptions {
  baseUrl: string;
  marketplaceId: string;
  credentials: EbayCredentials;
  timeoutMs: number;
  limiter?: Bottleneck;
  retry?: Partial<RetryPolicy>;
  log?: Logger;
  now?: () => Date;
}

export interface SearchResult {
  total: number;
  offset: number;
  limit: number;
  /** True when eBay has more results past this page (and paging may go on). */
  more: boolean;
  listings: RawListing[];
  rejected: { reason: string; raw: unknown }[];
}

export class EbayClient {
  private readonly http: HttpClient;
  private readonly tokens: EbayTokenCache;
  private readonly now: () => Date;

  constructor(private readonly opts: EbayClientOptions) {
    const limiter = opts.limiter ?? createLimiter(EBAY.rateLimit);
    const common = {
      baseUrl: opts.baseUrl,
      timeoutMs: opts.timeoutMs,
      limiter,
      retry: opts.retry,
      log: opts.log,
    };
    this.http = new HttpClient({ source: EBAY.name, ...common });
    this.now = opts.now ?? (() => new Date());
    this.tokens = new EbayTokenCache(
      new HttpClient({ source: 'eBay token', ...common }),
      opts.credentials,
      this.now,
    );
  }

  /** Browse API requests sent, retries included (the 5,000 a day quota). */
  get calls(): number {
    return this.http.attempts;
  }

  /** OAuth token requests sent (capped separately by eBay at 1,000 a day). */
  get tokenRequests(): number {
    return this.tokens.requests;
  }

  /** One page of GET /buy/browse/v1/item_summary/search in the LEGO Minifigures category. */
  async search(
    q: string,
    page: { limit?: number; offset?: number } = {},
    signal?: AbortSignal,
  ): Promise<SearchResult> {
    const limit = page.limit ?? EBAY.pageSize;
    const offset = page.offset ?? 0;
    const fetchedAt = this.now();
    const body = await this.withToken(signal, (token) =>
      this.http.json({
        path: '/buy/browse/v1/item_summary/search',
        query: { q, category_ids: EBAY.category.id, filter: EBAY.filter, sort: EBAY.sort, limit, offset },
        headers: () => ({
          authorization: `Bearer ${token}`,
          'x-ebay-c-marketplace-id': this.opts.marketplaceId,
        }),
        signal,
      }),
    );
    const parsed = searchPage.safeParse(body);
    if (!parsed.success) {
      throw new SourceError(`eBay search "${q}" offset ${offset}: unexpected answer shape`, {
        retryable: false,
      });
    }
    const result: SearchResult = {
      total: parsed.data.total,
      offset: parsed.data.offset,
      limit: parsed.data.limit,
      more: parsed.data.next !== undefined && parsed.data.offset + parsed.data.limit < parsed.data.total,
      listings: [],
      rejected: [],
    };
    for (const item of parsed.data.itemSummaries ?? []) {
      const mapped = mapItemSummary(item, fetchedAt);
      if (mapped.ok) result.listings.push(mapped.listing);
      else result.rejected.push({ reason: mapped.reason, raw: mapped.raw });
    }
    return result;
  }

  /** Pages of one query, following offsets until eBay has no more, `maxPages` is reached, or 10,000 deep. */
  async *searchPages(
    q: string,
    opts: { maxPages: number; pageSize?: number },
    signal?: AbortSignal,
  ): AsyncGenerator<SearchResult> {
    const limit = opts.pageSize ?? EBAY.pageSize;
    for (let page = 0, offset = 0; page < opts.maxPages && offset + limit <= EBAY.maxDepth; page++) {
      const result = await this.search(q, { limit, offset }, signal);
      yield result;
      if (!result.more || result.listings.length + result.rejected.length === 0) return;
      offset += limit;
    }
  }

  /** A 401 may mean the cached token was revoked early: renew it once and try again. */
  private async withToken<T>(
    signal: AbortSignal | undefined,
    call: (token: string) => Promise<T>,
  ): Promise<T> {
    const token = await this.tokens.get(signal);
    try {
      return await call(token);
    } catch (err) {
      if (!(err instanceof SourceError) || err.status !== 401) throw err;
      this.tokens.invalidate();
      return call(await this.tokens.get(signal));
    }
  }
}
