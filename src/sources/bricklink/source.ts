import type Bottleneck from 'bottleneck';
import { recordBrickLinkGuide } from '../../analytics/bricklink.js';
import { type FigureToRefresh, pickFiguresToRefresh } from '../../db/repositories/fetch-state.js';
import type { JobContext, JobSummary } from '../../jobs/job.js';
import { runSource } from '../../jobs/source-run.js';
import type { RetryPolicy } from '../http.js';
import type { PriceSource, SourceRequest, SourceRun, SourceSession } from '../source.js';
import { BRICKLINK, BrickLinkClient, type FigureGuides } from './client.js';
import bricklink, { type BrickLinkSettings } from './index.js';
import { type InventoryRequest, InventoryTotals, planInventories } from './inventories.js';
import type { InventoryEntry } from './subsets.js';

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

/** One figure's full price guide: four calls. */
interface FigureRequest extends SourceRequest {
  kind: 'figure';
  figure: FigureToRefresh;
}
type Request = InventoryRequest | FigureRequest;
type Answer = { entries: InventoryEntry[] } | FigureGuides;

/**
 * BrickLink: set inventories first, one call each, within their share of the run (all of it when
 * only the sets asked for in chat are fetched); then the figures that need it most (watched or
 * alerted, then the stalest), four price guides each, every detail entry a listing.
 */
const source: PriceSource<BrickLinkSettings, BrickLinkRunOptions> = {
  name: BRICKLINK.name,
  description: 'Refresh BrickLink price guides (sold and for sale, new and used) within the daily quota',
  settings: bricklink.settings,
  quota: { apiType: 'API', perHour: 208, perDay: 5000, perRun: 'hour' },
  unconfigured: (s) =>
    s.credentials
      ? undefined
      : 'BrickLink skipped: no credentials (set BRICKLINK_CONSUMER_KEY, BRICKLINK_CONSUMER_SECRET, BRICKLINK_TOKEN, BRICKLINK_TOKEN_SECRET)',
  open: async (run, opts = {}) => openBrickLink(run, opts),
};
export default source;

/** A BrickLink run; the bricklink-sets job runs it with `askedSetsOnly`. */
export function runBrickLink(ctx: JobContext, opts: BrickLinkRunOptions = {}): Promise<JobSummary> {
  return runSource(ctx, source, opts);
}

function openBrickLink(
  run: SourceRun<BrickLinkSettings>,
  opts: BrickLinkRunOptions,
): SourceSession<Request, Answer> {
  const { em, log, now, settings } = run;
  const client =
    opts.client ??
    new BrickLinkClient({
      baseUrl: settings.baseUrl,
      credentials: settings.credentials as NonNullable<BrickLinkSettings['credentials']>,
      timeoutMs: run.config.httpTimeoutMs,
      retry: opts.retry,
      limiter: opts.limiter,
      log,
      now: () => now,
    });
  const inventories = new InventoryTotals();
  let figures = 0;
  let figuresDone = 0;
  return {
    get calls() {
      return client.calls;
    },
    stampsIdleRuns: !opts.askedSetsOnly,
    async plan(budget) {
      const sourceId = budget.source.id;
      const askedOnly = opts.askedSetsOnly === true;
      const sets = await planInventories(em, { sourceId, now, calls: budget.calls, askedOnly });
      inventories.sets = sets.length;
      if (askedOnly) return sets;
      const due = await pickFiguresToRefresh(em, {
        sourceId,
        now,
        limit: Math.floor((budget.calls - sets.length) / BRICKLINK.callsPerFigure),
        // How often figures are refreshed, at most (BRICKLINK_REFRESH_*): the quota decides how many are.
        wantedEveryMs: settings.refreshWantedMs,
        othersEveryMs: settings.refreshOthersMs,
        retryFailedAfterMinutes: RETRY_FAILED_AFTER_MINUTES,
      });
      figures = due.length;
      const figureRequests = due.map(
        (figure): FigureRequest => ({
          kind: 'figure',
          figure,
          key: figure.setNumber,
          about: { item: figure.setNumber },
          what: 'figure',
        }),
      );
      return [...sets, ...figureRequests];
    },
    async fetch(request, { signal }) {
      if (request.kind === 'set') return { entries: await client.setMinifigures(request.set.setNo, signal) };
      const guides = await client.fetchFigure(request.figure.setNumber, signal);
      if (guides.rejected.length > 0) {
        log.warn({ item: request.figure.setNumber, rejected: guides.rejected }, 'BrickLink entries rejected');
      }
      return guides;
    },
    async store(request, answer) {
      if (request.kind === 'set' && 'entries' in answer)
        await inventories.store(em, request, answer.entries, now);
      else if ('guides' in answer) await (opts.onGuides ?? recordGuides)(answer, run);
    },
    async failed(request, err) {
      if (request.kind === 'set') await inventories.failed(em, request, err);
    },
    settled(request, error) {
      if (request.kind === 'set') inventories.settled(error);
      else if (!error) figuresDone++;
    },
    summary() {
      const sets = inventories.sets > 0 || opts.askedSetsOnly ? inventories.summary() : {};
      return opts.askedSetsOnly ? sets : { ...sets, figures, figuresDone };
    },
  };
}

/**
 * Keeps BrickLink's own summary of each guide that has data, with its detail entries, so that the
 * analytics can show BrickLink's figures beside ours (src/analytics/bricklink.ts). A guide with no
 * data (all zeros) reported nothing and is not kept.
 */
async function recordGuides(figure: FigureGuides, { em }: JobContext): Promise<void> {
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
