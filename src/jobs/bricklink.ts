import type Bottleneck from 'bottleneck';
import { recordBrickLinkGuide } from '../analytics/bricklink.js';
import { pickFiguresToRefresh } from '../db/repositories/fetch-state.js';
import { setsToFetchInventory } from '../db/repositories/set-inventories.js';
import { BRICKLINK, BrickLinkClient, type FigureGuides } from '../sources/bricklink/client.js';
import type { RetryPolicy } from '../sources/http.js';
import { defineJob, type JobContext, type JobSummary } from './job.js';
import {
  fetchInventories,
  INVENTORY_REFETCH_DAYS,
  INVENTORY_RETRY_MINUTES,
  INVENTORY_SHARE,
  type InventoryTotals,
} from './set-inventory-run.js';
import {
  failureText,
  finishRun,
  ingestWithRetry,
  isCredentialFailure,
  planBudget,
  RunLedger,
  RunTotals,
} from './source-run.js';

/** After a failed fetch a figure is retried this many minutes later, doubling per further failure. */
const RETRY_FAILED_AFTER_MINUTES = 15;

export interface BrickLinkRunOptions {
  /** Test seams: a client with quick retries, a place for BrickLink's own guide figures. */
  client?: BrickLinkClient;
  retry?: Partial<RetryPolicy>;
  limiter?: Bottleneck;
  /** Receives each figure's four guides once its listings are stored (default: recordGuides). */
  onGuides?: (figure: FigureGuides, ctx: JobContext) => Promise<void>;
  /** Only the set inventories asked for in chat, no price guides (the frequent bricklink-sets run). */
  askedSetsOnly?: boolean;
}

/**
 * One run: spend this run's share of the daily quota (4 calls per figure) on the figures that
 * need it most (watched or alerted, then the stalest), fetch each figure's four price guides and
 * ingest them. A figure that fails is logged, counted and retried by a later run; the others go
 * on. Bad credentials stop the run at the first refusal.
 */
export async function runBrickLink(ctx: JobContext, opts: BrickLinkRunOptions = {}): Promise<JobSummary> {
  const { em, config, log, signal, now } = ctx;
  const { credentials, baseUrl } = config.sources.bricklink;
  if (!credentials) {
    log.info(
      'BrickLink skipped: no credentials (set BRICKLINK_CONSUMER_KEY, BRICKLINK_CONSUMER_SECRET, BRICKLINK_TOKEN, BRICKLINK_TOKEN_SECRET)',
    );
    return { skipped: 'no credentials' };
  }

  const budget = await planBudget(em, BRICKLINK.name, now);
  if (!budget.source.isActive) {
    log.info('BrickLink skipped: switched off in data_sources (is_active = false)');
    return { skipped: 'inactive' };
  }
  const client =
    opts.client ??
    new BrickLinkClient({
      baseUrl,
      credentials,
      timeoutMs: config.httpTimeoutMs,
      retry: opts.retry,
      limiter: opts.limiter,
      log,
      now: () => now,
    });
  const ledger = new RunLedger(em, budget.source.id, now, log);

  // Set inventories first, one call each, within their share of this run (all of it when only
  // the sets asked for in chat are fetched).
  const inventoryCallsBefore = client.calls;
  const sets = await setsToFetchInventory(em, {
    sourceId: budget.source.id,
    now,
    limit: opts.askedSetsOnly ? budget.calls : Math.floor(budget.calls * INVENTORY_SHARE),
    refetchAfterDays: INVENTORY_REFETCH_DAYS,
    retryFailedAfterMinutes: INVENTORY_RETRY_MINUTES,
    askedOnly: opts.askedSetsOnly,
  });
  const inventories = await fetchInventories(ctx, client, ledger, sets);
  if (opts.askedSetsOnly || inventories.credentialsRefused) {
    await ledger.flush();
    if (sets.length > 0 || inventories.credentialsRefused) {
      await finishRun(em, budget.source.id, now, inventories.setErrors === 0, log);
    }
    return {
      ...inventorySummary(inventories),
      calls: client.calls,
      callsToday: budget.callsToday + client.calls,
      ...(inventories.credentialsRefused ? { stopped: 'credentials refused' } : {}),
    };
  }

  const figures = await pickFiguresToRefresh(em, {
    sourceId: budget.source.id,
    now,
    limit: Math.floor((budget.calls - (client.calls - inventoryCallsBefore)) / BRICKLINK.callsPerFigure),
    // How often figures are refreshed, at most (BRICKLINK_REFRESH_*): the quota decides how many are.
    wantedEveryMs: config.sources.bricklink.refreshWantedMs,
    othersEveryMs: config.sources.bricklink.refreshOthersMs,
    retryFailedAfterMinutes: RETRY_FAILED_AFTER_MINUTES,
  });
  const totals = new RunTotals();
  let figuresDone = 0;
  let stoppedBy: string | null = null;

  for (const figure of figures) {
    if (signal.aborted) {
      stoppedBy = 'cancelled';
      break;
    }
    const callsBefore = client.calls;
    let error: string | undefined;
    try {
      const guides = await client.fetchFigure(figure.setNumber, signal);
      if (guides.rejected.length > 0) {
        log.warn({ item: figure.setNumber, rejected: guides.rejected }, 'BrickLink entries rejected');
      }
      const ingested = await ingestWithRetry(em, BRICKLINK.name, guides.listings, { now, log, signal });
      totals.add(ingested);
      totals.fetched += guides.rejected.length;
      totals.rejected += guides.rejected.length;
      if (ingested.errors > 0) error = `${ingested.errors} listings could not be written`;
      else {
        await (opts.onGuides ?? recordGuides)(guides, ctx);
        figuresDone++;
      }
    } catch (err) {
      error = failureText(err);
      totals.errors++;
      log.warn({ item: figure.setNumber, err: error }, 'BrickLink figure failed; the others carry on');
      if (isCredentialFailure(err)) stoppedBy = 'credentials refused';
    }
    await ledger.record(client.calls - callsBefore, {
      key: figure.setNumber,
      at: now,
      success: !error,
      error,
    });
    if (stoppedBy) {
      log.error({ err: error }, 'BrickLink refused our credentials; stopping this run');
      break;
    }
  }

  await ledger.flush();
  await finishRun(em, budget.source.id, now, totals.errors === 0 && !stoppedBy, log);
  return {
    ...(sets.length > 0 ? inventorySummary(inventories) : {}),
    figures: figures.length,
    figuresDone,
    calls: client.calls,
    callsToday: budget.callsToday + client.calls,
    ...totals.summary(),
    ...(stoppedBy ? { stopped: stoppedBy } : {}),
  };
}

function inventorySummary(t: InventoryTotals): JobSummary {
  return { sets: t.sets, setsDone: t.setsDone, setsEmpty: t.setsEmpty, setErrors: t.setErrors };
}

/**
 * Keeps BrickLink's own summary of each guide that has data, with its detail entries, so that the
 * analytics can show BrickLink's figures beside ours (src/analytics/bricklink.ts). A guide with no
 * data (all zeros) reported nothing and is not kept.
 */
export async function recordGuides(figure: FigureGuides, { em }: JobContext): Promise<void> {
  for (const guide of figure.guides) {
    const s = guide.summary;
    if (!s) continue;
    await recordBrickLinkGuide(em, {
      itemNo: figure.itemNo,
      condition: s.condition,
      guideType: guide.guideType,
      currency: guide.currency,
      fetchedAt: figure.fetchedAt,
      reported: {
        minPrice: s.minPrice,
        maxPrice: s.maxPrice,
        avgPrice: s.avgPrice,
        qtyAvgPrice: s.qtyAvgPrice,
        unitQuantity: s.unitQuantity,
        totalQuantity: s.totalQuantity,
      },
      entries: guide.detail,
    });
  }
}

export default defineJob({
  name: 'bricklink',
  description: 'Refresh BrickLink price guides (sold and for sale, new and used) within the daily quota',
  exclusive: true,
  run: (ctx) => runBrickLink(ctx),
});
