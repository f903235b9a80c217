import type { EntityManager } from '@mikro-orm/postgresql';
import type { StoredGuide } from '../db/repositories/bricklink-guides.js';
import { type FactsWindow, type FigureFacts, readFigureFacts } from '../db/repositories/figure-facts.js';
import type { StoredHeadline } from '../db/repositories/headline-history.js';
import { dayString, figureListings } from '../db/repositories/headline-prices.js';
import { type CatalogueSet, CONDITIONS, type FigureSets } from '../deps.js';
import type { Condition } from '../ingest/types.js';
import { type FigureListings, type HeadlineDetail, headlineAt, LONG_WINDOW_DAYS } from './headline-engine.js';
import { liquidity } from './liquidity.js';
import { LOW_CONFIDENCE_BELOW } from './outlier-rule.js';
import { medianOfSorted, unitsToUsd } from './robust-stats.js';
import type { HeadlinePrice, MoverPeriod } from './types.js';

export interface HeadlineOptions {
  /** config.matchConfidenceThreshold. */
  minConfidence: number;
  /** Default: the current time. The as-of day is its UTC day. */
  now?: Date;
}

const CHANGE_DAYS: Record<MoverPeriod, number> = { '1d': 1, '7d': 7, '30d': 30 };

/**
 * The headline price of one figure (headline-engine.ts has the definition), computed now from its
 * listings, so it includes listings that arrived since the last refresh. With a condition, that
 * condition's price; without, both (new first). A figure without listings gets basis 'none'.
 */
export async function headlinePrice(
  em: EntityManager,
  minifigureId: string,
  condition: Condition,
  opts: HeadlineOptions,
): Promise<HeadlinePrice>;
export async function headlinePrice(
  em: EntityManager,
  minifigureId: string,
  condition: undefined,
  opts: HeadlineOptions,
): Promise<HeadlinePrice[]>;
export async function headlinePrice(
  em: EntityManager,
  minifigureId: string,
  condition: Condition | undefined,
  opts: HeadlineOptions,
): Promise<HeadlinePrice | HeadlinePrice[]> {
  const now = opts.now ?? new Date();
  const { headlines } = await readFigureCard(em, minifigureId, now, opts.minConfidence);
  return condition ? (headlines.find((h) => h.condition === condition) as HeadlinePrice) : headlines;
}

/**
 * What a price card shows of a figure: its live headlines (new, then used), its sets (with Brickset's
 * related sets, for its retirement) and BrickLink's guides.
 */
export interface FigureCard {
  headlines: HeadlinePrice[];
  sets: CatalogueSet[];
  related: FigureSets['related'];
  guides: StoredGuide[];
}

/**
 * A figure's card as of `now`, from one read of its facts (readFigureFacts). The listings behind the
 * headlines are not kept in it: a card is kept for as long as the data stays, and a figure's
 * listings of half a year are most of what its facts weigh.
 */
export async function readFigureCard(
  em: EntityManager,
  minifigureId: string,
  now: Date,
  minConfidence: number,
): Promise<FigureCard> {
  const facts = await readFigureFacts(em, minifigureId, factsWindow(now, minConfidence));
  return {
    headlines: headlinesOf(minifigureId, facts, now),
    sets: facts.sets,
    related: facts.related,
    guides: facts.guides,
  };
}

/** The listings and stored days a live headline of `now` reads (readFigureFacts). */
export function factsWindow(now: Date, minConfidence: number): FactsWindow {
  const today = dayOf(now);
  return {
    fromDay: today - LONG_WINDOW_DAYS + 1,
    toDay: today,
    minConfidence,
    historyDays: Object.values(CHANGE_DAYS).map((n) => dayString(today - n)),
  };
}

/** Both conditions' live headlines (new, then used) of a figure from its facts (factsWindow of `now`). */
function headlinesOf(
  minifigureId: string,
  facts: Pick<FigureFacts, 'listings' | 'history'>,
  now: Date,
): HeadlinePrice[] {
  const today = dayOf(now);
  const fig: FigureListings = facts.listings ?? {
    minifigureId,
    days: [],
    isNew: [],
    isSold: [],
    prices: [],
    sources: [],
  };
  return CONDITIONS.map((c) => toHeadline(fig, headlineAt(fig, c, today), c, today, facts.history));
}

/** The UTC day number of a time. */
function dayOf(at: Date): number {
  return Math.floor(at.getTime() / 86_400_000);
}

/**
 * The headline prices of many figures in one condition, read in one statement (a set's figures, a
 * collection): the same figures as headlinePrice gives one by one, without the changes and the
 * per-source breakdown. Without sources the listings are grouped unsorted, as the snapshot refresh
 * reads them (the headline does not depend on their order), which is cheaper for many figures.
 */
export async function headlinePrices(
  em: EntityManager,
  minifigureIds: string[],
  condition: Condition,
  opts: HeadlineOptions,
): Promise<Map<string, HeadlinePrice>> {
  if (minifigureIds.length === 0) return new Map();
  const today = dayOf(opts.now ?? new Date());
  const listings = await figureListings(em, {
    fromDay: today - LONG_WINDOW_DAYS + 1,
    toDay: today,
    minConfidence: opts.minConfidence,
    figures: [...new Set(minifigureIds)],
    days: { timescale: false },
    withSources: false,
  });
  return new Map(
    listings.map((fig) => [
      fig.minifigureId,
      toHeadline(fig, headlineAt(fig, condition, today), condition, today, new Map()),
    ]),
  );
}

type History = Map<string, StoredHeadline>;

function toHeadline(
  fig: FigureListings,
  detail: HeadlineDetail | null,
  condition: Condition,
  today: number,
  history: History,
): HeadlinePrice {
  const asOf = dayString(today);
  const change = { '1d': null, '7d': null, '30d': null } as HeadlinePrice['change'];
  if (!detail) {
    return {
      condition,
      asOf,
      priceUsd: null,
      basis: 'none',
      windowDays: null,
      listingCount: 0,
      outliersExcluded: 0,
      lowConfidence: true,
      minUsd: null,
      maxUsd: null,
      bySource: [],
      change,
      liquidity: liquidity(0, 0),
    };
  }
  const price = unitsToUsd(detail.priceUnits);
  for (const [period, n] of Object.entries(CHANGE_DAYS) as [MoverPeriod, number][]) {
    const then = history.get(`${condition}:${dayString(today - n)}`);
    // Like movers: the same basis, and enough listings at both ends to mean something.
    const enough =
      detail.listingCount >= LOW_CONFIDENCE_BELOW && (then?.listings ?? 0) >= LOW_CONFIDENCE_BELOW;
    if (then && enough && then.basis === detail.basis && then.priceUsd > 0) {
      change[period] = (price - then.priceUsd) / then.priceUsd;
    }
  }
  const kept = detail.keptIndices.map((i) => fig.prices[i] as number);
  const bySource = new Map<string, number[]>();
  for (const i of detail.keptIndices) {
    const source = fig.sources?.[i] ?? 'unknown';
    bySource.set(source, [...(bySource.get(source) ?? []), fig.prices[i] as number]);
  }
  return {
    condition,
    asOf,
    priceUsd: price,
    basis: detail.basis,
    windowDays: detail.windowDays,
    listingCount: detail.listingCount,
    outliersExcluded: detail.outliersExcluded,
    lowConfidence: detail.listingCount < LOW_CONFIDENCE_BELOW,
    minUsd: unitsToUsd(Math.min(...kept)),
    maxUsd: unitsToUsd(Math.max(...kept)),
    bySource: [...bySource.entries()]
      .map(([source, prices]) => ({
        source,
        listingCount: prices.length,
        medianUsd: unitsToUsd(medianOfSorted(prices.sort((a, b) => a - b))),
      }))
      .sort((a, b) => b.listingCount - a.listingCount || a.source.localeCompare(b.source)),
    change,
    liquidity: liquidity(detail.sold30d, detail.listedNow),
  };
}
