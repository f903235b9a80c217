/**
 * The chat's price port (deps.prices) over the analytics (src/analytics/): the
 * headline price with its basis, outliers left out, stored changes; movers from the stored daily
 * headlines; the history series from price_snapshots. The service refreshes them before it first
 * answers (analytics/first-refresh.ts), so they exist from the first command on.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { guideSummary } from './analytics/bricklink.js';
import { type FigureCard, headlinePrices, readFigureCard } from './analytics/headline.js';
import { marketMovers } from './analytics/movers.js';
import type { Mover as AnalyticsMover, HeadlinePrice } from './analytics/types.js';
import type { FigureRef } from './core/figure.js';
import { type FigureSeries, figureSeries, snapshotDailySeries } from './db/repositories/snapshot-series.js';
import { storedHeadlines } from './db/repositories/stored-headlines.js';
import { type Condition, type ConditionQuote, type Mover, type PriceStore, quoteSources } from './deps.js';

const BASIS: Record<Exclude<HeadlinePrice['basis'], 'none'>, ConditionQuote['basis']> = {
  'sold-30d': 'sold',
  'asking-30d': 'asking',
  'sold-180d': 'sold',
  'asking-180d': 'asking',
};

export function toConditionQuote(h: HeadlinePrice): ConditionQuote | undefined {
  if (h.basis === 'none' || h.priceUsd === null || h.windowDays === null) return undefined;
  return {
    condition: h.condition,
    basis: BASIS[h.basis],
    windowDays: h.windowDays,
    listingCount: h.listingCount,
    outliersExcluded: h.outliersExcluded,
    median: h.priceUsd,
    min: h.minUsd ?? h.priceUsd,
    max: h.maxUsd ?? h.priceUsd,
    lowConfidence: h.lowConfidence,
    change7d: h.change['7d'],
    change30d: h.change['30d'],
    bySource: h.bySource.map((s) => ({
      source: s.source,
      listingCount: s.listingCount,
      median: s.medianUsd,
    })),
    liquidity: h.liquidity,
  };
}

function toMover(m: AnalyticsMover): Mover {
  return {
    // The analytics' figure info carries no year; the movers reply does not show one.
    figure: { id: m.minifigureId, itemNo: m.itemNo, name: m.name, theme: m.theme, year: null },
    condition: m.condition,
    before: m.start.priceUsd,
    after: m.end.priceUsd,
    change: m.change,
    samplesBefore: m.start.listingCount,
    samplesAfter: m.end.listingCount,
  };
}

export interface AnalyticsPriceOptions {
  now: () => Date;
  minConfidence: number;
  /**
   * A figure's card as of now (readFigureCard): the same read serves its quote, its BrickLink
   * guides and its sets (create-deps.ts shares and keeps it).
   */
  card?: (figureId: string) => Promise<FigureCard>;
  /** A figure's series of both conditions over `days` (figureSeries): one read serves a whole chart. */
  series?: (figureId: string, days: number) => Promise<FigureSeries>;
}

export function analyticsPrices(em: EntityManager, opts: AnalyticsPriceOptions): PriceStore {
  const { now, minConfidence } = opts;
  const card = opts.card ?? ((id: string) => readFigureCard(em, id, now(), minConfidence));
  const series = opts.series ?? ((id: string, days: number) => figureSeries(em, id, days, now()));
  return {
    async quote(figure: FigureRef, condition?: Condition) {
      const at = now();
      const headlines = (await card(figure.id)).headlines.filter(
        (h) => !condition || h.condition === condition,
      );
      const conditions = headlines.flatMap((h) => toConditionQuote(h) ?? []);
      return {
        figure,
        conditions,
        asOf: conditions.length > 0 ? at : null,
        sources: quoteSources(conditions),
      };
    },
    async headlines(figures, condition) {
      const found = await headlinePrices(
        em,
        figures.map((f) => f.id),
        condition,
        { minConfidence, now: now() },
      );
      const quotes = new Map<string, ConditionQuote>();
      for (const [id, h] of found) {
        const q = toConditionQuote(h);
        if (q) quotes.set(id, q);
      }
      return quotes;
    },
    storedHeadlines: (pairs, from, to) => storedHeadlines(em, pairs, from, to),
    dailySeries: async (figure, days, condition) =>
      condition
        ? (await series(figure.id, days)).points[condition]
        : snapshotDailySeries(em, figure.id, days, now()),
    brickLinkGuides: async (figure) => (await card(figure.id)).guides.map(guideSummary),
    headlineSeries: async (figure, days, condition) => (await series(figure.id, days)).headlines[condition],
    async movers(query) {
      const result = await marketMovers(em, {
        period: query.period,
        condition: query.condition,
        theme: query.theme,
        limit: query.limit,
        minSales: query.minSales,
      });
      return {
        gainers: result.gainers.map(toMover),
        losers: result.losers.map(toMover),
        minSamples: result.minListings,
        ...(query.minSales ? { minSales: query.minSales } : {}),
        // Nothing stored yet (an empty database): no movers, as of now.
        asOf: result.asOf === null ? now() : new Date(`${result.asOf}T00:00:00Z`),
      };
    },
  };
}
