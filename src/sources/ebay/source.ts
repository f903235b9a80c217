import type Bottleneck from 'bottleneck';
import type { TitleMatcher } from '../../ingest/types.js';
import { createMatcherPool, type MatcherPool } from '../../matching/pool.js';
import { rememberMatches } from '../../matching/remember.js';
import type { RetryPolicy } from '../http.js';
import type { PriceSource, SourceRequest, SourceRun, SourceSession } from '../source.js';
import { EBAY, EbayClient, type SearchResult } from './client.js';
import ebay, { type EbaySettings } from './index.js';
import { EBAY_PLAN, planEbayQueries } from './queries.js';

export interface EbayRunOptions {
  /** Test seams. */
  client?: EbayClient;
  retry?: Partial<RetryPolicy>;
  limiter?: Bottleneck;
  matcher?: TitleMatcher;
  /** A matcher pool to use instead of starting one (the caller closes it). */
  pool?: MatcherPool;
}

interface Search extends SourceRequest {
  q: string;
}

/**
 * eBay: the due searches (see EBAY_PLAN), page by page, each page matched and ingested as it
 * arrives, until this run's share of the daily quota is spent.
 */
const source: PriceSource<EbaySettings, EbayRunOptions> = {
  name: EBAY.name,
  description:
    'Search eBay for minifigure listings (watched figures, then theme sweeps) within the daily quota',
  settings: ebay.settings,
  quota: { apiType: 'API', perHour: 208, perDay: 5000, perRun: 'hour' },
  unconfigured: (s) =>
    s.credentials ? undefined : 'eBay skipped: no credentials (set EBAY_CLIENT_ID and EBAY_CLIENT_SECRET)',
  open: (run, opts = {}) => openEbay(run, opts),
};
export default source;

async function openEbay(
  run: SourceRun<EbaySettings>,
  opts: EbayRunOptions,
): Promise<SourceSession<Search, SearchResult>> {
  const { em, log, now, settings, config } = run;
  const client =
    opts.client ??
    new EbayClient({
      baseUrl: settings.baseUrl,
      marketplaceId: settings.marketplaceId,
      credentials: settings.credentials as NonNullable<EbaySettings['credentials']>,
      timeoutMs: config.httpTimeoutMs,
      retry: opts.retry,
      limiter: opts.limiter,
      log,
      now: () => now,
    });
  // Matching is most of an ingest's CPU: a pool of worker threads, each with its own catalogue
  // index, made once for the run, matches while this thread writes (see createMatcherPool).
  let ownPool: MatcherPool | undefined;
  if (!opts.matcher && !opts.pool) {
    ownPool = await createMatcherPool(em, { threshold: config.matchConfidenceThreshold });
    log.info({ workers: ownPool.workers, ms: Math.round(ownPool.startupMs) }, 'title matcher pool ready');
  }
  const pool = opts.pool ?? ownPool;
  let queries = 0;
  let searches = 0;
  return {
    get calls() {
      return client.calls;
    },
    // Each distinct title is matched once per run: the searches overlap.
    matcher: opts.matcher ?? rememberMatches((pool as MatcherPool).match).match,
    async plan(budget) {
      const due = await planEbayQueries(em, budget.source.id, now);
      queries = due.length;
      return due.map(({ q }) => ({ q, key: q, about: { q }, what: 'search' }));
    },
    fetch: (search, { signal, callsLeft }) =>
      client.searchPages(search.q, { maxPages: Math.min(EBAY_PLAN.maxPagesPerQuery, callsLeft) }, signal),
    settled(_search, error) {
      if (!error) searches++;
    },
    // A broken pool would fail every further page: the run stops instead of spending quota on them.
    broken() {
      const error = pool?.failure() ?? null;
      return error ? { reason: 'title matcher failed', error } : null;
    },
    summary: () => ({ queries, searches, tokenRequests: client.tokenRequests }),
    close: async () => ownPool?.close(),
  };
}
