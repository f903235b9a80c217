import type Bottleneck from 'bottleneck';
import type { TitleMatcher } from '../ingest/types.js';
import { createMatcherPool, type MatcherPool } from '../matching/pool.js';
import { rememberMatches } from '../matching/remember.js';
import { EBAY, EbayClient } from '../sources/ebay/client.js';
import { EBAY_PLAN, type EbayQuery, planEbayQueries } from '../sources/ebay/queries.js';
import type { RetryPolicy } from '../sources/http.js';
import { defineJob, type JobContext, type JobSummary } from './job.js';
import {
  failureText,
  finishRun,
  ingestWithRetry,
  isCredentialFailure,
  planBudget,
  type RunBudget,
  RunLedger,
  RunTotals,
} from './source-run.js';

export interface EbayRunOptions {
  /** Test seams. */
  client?: EbayClient;
  retry?: Partial<RetryPolicy>;
  limiter?: Bottleneck;
  matcher?: TitleMatcher;
  /** A matcher pool to use instead of starting one (the caller closes it). */
  pool?: MatcherPool;
}

/**
 * One run: the due searches (see EBAY_PLAN), page by page, each page matched and ingested as it
 * arrives, until this run's share of the daily quota is spent. A failed search is logged, counted
 * and retried by a later run; bad credentials stop the run.
 */
export async function runEbay(ctx: JobContext, opts: EbayRunOptions = {}): Promise<JobSummary> {
  const { em, config, log, now } = ctx;
  const { credentials, baseUrl, marketplaceId } = config.sources.ebay;
  if (!credentials) {
    log.info('eBay skipped: no credentials (set EBAY_CLIENT_ID and EBAY_CLIENT_SECRET)');
    return { skipped: 'no credentials' };
  }
  const budget = await planBudget(em, EBAY.name, now);
  if (!budget.source.isActive) {
    log.info('eBay skipped: switched off in data_sources (is_active = false)');
    return { skipped: 'inactive' };
  }
  const queries = await planEbayQueries(em, budget.source.id, now);
  const client =
    opts.client ??
    new EbayClient({
      baseUrl,
      marketplaceId,
      credentials,
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
  try {
    // Each distinct title is matched once per run: the searches overlap.
    const matcher = opts.matcher ?? rememberMatches((pool as MatcherPool).match).match;
    return await searchAll(ctx, budget, queries, client, matcher, () => pool?.failure() ?? null);
  } finally {
    await ownPool?.close();
  }
}

async function searchAll(
  { em, log, signal, now }: JobContext,
  budget: RunBudget,
  queries: EbayQuery[],
  client: EbayClient,
  matcher: TitleMatcher,
  /** A broken pool would fail every further page: the run stops instead of spending quota on them. */
  matcherFailure: () => Error | null,
): Promise<JobSummary> {
  const ledger = new RunLedger(em, budget.source.id, now, log);
  const totals = new RunTotals();
  let searches = 0;
  let stoppedBy: string | null = null;

  for (const query of queries) {
    const pagesLeft = budget.calls - client.calls;
    if (pagesLeft <= 0) break;
    if (signal.aborted) {
      stoppedBy = 'cancelled';
      break;
    }
    const callsBefore = client.calls;
    let error: string | undefined;
    try {
      const maxPages = Math.min(EBAY_PLAN.maxPagesPerQuery, pagesLeft);
      for await (const page of client.searchPages(query.q, { maxPages }, signal)) {
        totals.fetched += page.rejected.length;
        totals.rejected += page.rejected.length;
        const ingested = await ingestWithRetry(em, EBAY.name, page.listings, { matcher, now, log, signal });
        totals.add(ingested);
        if (ingested.errors > 0) error = `${ingested.errors} listings could not be written`;
        const broken = matcherFailure();
        if (broken) {
          error = error ? `${error}; ${broken.message}` : broken.message;
          stoppedBy = 'title matcher failed';
          break;
        }
      }
      if (!error) searches++;
    } catch (err) {
      error = failureText(err);
      totals.errors++;
      log.warn({ q: query.q, err: error }, 'eBay search failed; the others carry on');
      if (isCredentialFailure(err)) stoppedBy = 'credentials refused';
    }
    await ledger.record(client.calls - callsBefore, { key: query.q, at: now, success: !error, error });
    if (stoppedBy) {
      log.error({ err: error, stopped: stoppedBy }, 'stopping this eBay run');
      break;
    }
  }

  await ledger.flush();
  await finishRun(em, budget.source.id, now, totals.errors === 0 && !stoppedBy, log);
  return {
    queries: queries.length,
    searches,
    calls: client.calls,
    tokenRequests: client.tokenRequests,
    callsToday: budget.callsToday + client.calls,
    ...totals.summary(),
    ...(stoppedBy ? { stopped: stoppedBy } : {}),
  };
}

export default defineJob({
  name: 'ebay',
  description:
    'Search eBay for minifigure listings (watched figures, then theme sweeps) within the daily quota',
  exclusive: true,
  run: (ctx) => runEbay(ctx),
});
