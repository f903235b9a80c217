/**
 * The typed services bag commands receive (`run({ deps })`). Commands depend on these interfaces
 * only, never on SQL or an ORM: tests pass fakes, production passes `createDepsFactory(orm)`
 * (src/create-deps.ts), which forks the EntityManager for every dispatch.
 *
 * Prices are plain numbers in USD here (display values); storage keeps exact decimals.
 */
import type { AlertingStore } from './alerts/store.js';
import type { GuideSummary } from './analytics/bricklink-comparison.js';
import type { Liquidity } from './analytics/liquidity.js';
import type { FigureRef } from './core/figure.js';
import type { RateBook } from './currency/rate-book.js';
import type { PreferenceKey, PreferenceScope } from './db/repositories/preferences.js';

export type Condition = 'new' | 'used';
export const CONDITIONS: readonly Condition[] = ['new', 'used'];
export type Basis = 'sold' | 'asking';

export interface FigureFilter {
  /** Exact catalogue theme (resolve user text with resolveTheme first). */
  theme?: string;
  year?: number;
}

export interface ScoredFigure extends FigureRef {
  /** 0..1, higher is closer. */
  score: number;
}

export interface ThemeCount {
  theme: string;
  figures: number;
}

export interface FigureStore {
  /** Figures whose item number equals one of `itemNos`, compared case-insensitively. */
  byItemNumbers(itemNos: readonly string[]): Promise<FigureRef[]>;
  /** Full-text name search; every word must match. Best match first. */
  searchNames(text: string, filter: FigureFilter, limit: number): Promise<FigureRef[]>;
  /** Misspelt or partial names by trigram word similarity. Best match first. */
  fuzzyNames(text: string, filter: FigureFilter, limit: number): Promise<ScoredFigure[]>;
  /** Suggestions while typing: exact item number, item-number prefix, name-word prefixes, fuzzy name. */
  autocomplete(text: string, limit: number): Promise<FigureRef[]>;
  /** Every catalogue theme with its figure count. */
  themes(): Promise<ThemeCount[]>;
}

/** The headline price of one condition, with what stands behind it. */
export interface ConditionQuote {
  condition: Condition;
  basis: Basis;
  /** The trailing window the headline covers, in days. */
  windowDays: number;
  listingCount: number;
  /** Listings left out as outliers (when the source of the figure screens them). */
  outliersExcluded?: number;
  median: number;
  min: number;
  max: number;
  /** Too few listings for the figure to be relied on. */
  lowConfidence: boolean;
  /** Fractional change of the headline against 7 and 30 days ago (0.05 = +5%); null without data then. */
  change7d: number | null;
  change30d: number | null;
  /** The same basis and window, per data source. */
  bySource: { source: string; listingCount: number; median: number }[];
  /** How easily it sells (sold in 30 days, listed now, sell-through...); absent where not known. */
  liquidity?: Liquidity;
}

export interface PriceQuote {
  figure: FigureRef;
  /** One entry per condition with a price, new first. */
  conditions: ConditionQuote[];
  /** Time of the newest listing behind the quote; null when there is none. */
  asOf: Date | null;
  /** Data sources behind the quote. */
  sources: string[];
}

/** The data sources behind a quote's conditions, sorted: PriceQuote.sources. */
export function quoteSources(conditions: readonly ConditionQuote[]): string[] {
  return [...new Set(conditions.flatMap((q) => q.bySource.map((s) => s.source)))].sort();
}

export interface DailyPrice {
  /** YYYY-MM-DD (UTC). */
  date: string;
  median: number;
  min: number;
  max: number;
  /** Listings counted that day, sold and asking. */
  count: number;
  /** How many of them are sales; absent when not known (a snapshot from before sales were counted). */
  sold?: number;
}

export type MoverPeriod = '1d' | '7d' | '30d';

export interface Mover {
  figure: FigureRef;
  condition: Condition;
  /** Headline price at the start of the period and now. */
  before: number;
  after: number;
  /** Fractional change (0.25 = +25%). */
  change: number;
  samplesBefore: number;
  samplesAfter: number;
}

export interface MoversQuery {
  period: MoverPeriod;
  theme?: string;
  condition?: Condition;
  limit: number;
  /** Only figures sold at least this many times in the 30 days up to the latest day. */
  minSales?: number;
}

export interface MoversResult {
  gainers: Mover[];
  losers: Mover[];
  /** Listings required at both ends for a figure to count. */
  minSamples: number;
  /** The min-sales asked for (sold in the last 30 days), when one was. */
  minSales?: number;
  asOf: Date;
}

export interface StoredHeadline {
  figureId: string;
  condition: Condition;
  /** YYYY-MM-DD (UTC). */
  date: string;
  price: number;
}

export interface PriceStore {
  /** Headline prices of one figure; `condition` limits it to one. */
  quote(figure: FigureRef, condition?: Condition): Promise<PriceQuote>;
  /** Headline prices of many figures in one condition, by figure id; figures without one are absent. */
  headlines(figures: readonly FigureRef[], condition: Condition): Promise<Map<string, ConditionQuote>>;
  /**
   * The stored daily headline prices (as the refresh job wrote them) of these figure/condition
   * pairs from `from` to `to` (YYYY-MM-DD, UTC), for values over time.
   */
  storedHeadlines(
    pairs: readonly { figureId: string; condition: Condition }[],
    from: string,
    to: string,
  ): Promise<StoredHeadline[]>;
  /** Median, min and max per day over the last `days` days, oldest first; days without listings are absent. */
  dailySeries(figure: FigureRef, days: number, condition?: Condition): Promise<DailyPrice[]>;
  /** The stored headline price per day over the last `days` days, oldest first; absent where none is kept. */
  headlineSeries?(figure: FigureRef, days: number, condition: Condition): Promise<DailyHeadline[]>;
  movers(query: MoversQuery): Promise<MoversResult>;
  /** BrickLink's price guides of the figure as last fetched, with ours over the same entries. */
  brickLinkGuides?(figure: FigureRef): Promise<GuideSummary[]>;
}

export interface SourceStatus {
  name: string;
  lastRunAt: Date | null;
  lastRunSuccess: boolean | null;
  quotaPerDay: number | null;
  /** Calls spent today (UTC); null when the database does not count them. */
  usedToday: number | null;
  /** What else the source fetches besides prices, e.g. BrickLink's set inventories. */
  note?: string;
}

export interface SourceStore {
  status(): Promise<SourceStatus[]>;
}

/** The stored headline price of one day (headline_prices), with its basis ("sold-30d"...). */
export interface DailyHeadline {
  date: string;
  price: number;
  basis: string;
}

/** One condition's daily prices: new and used are charted apart, never mixed into one median. */
export interface ConditionSeries {
  condition: Condition;
  points: DailyPrice[];
  /** The headline price per day where one is stored: the chart's main line. */
  headline?: DailyHeadline[];
}

export interface HistoryChartInput {
  figure: FigureRef;
  /** One line and band per series (one or both conditions). */
  series: ConditionSeries[];
  days: number;
  /** The last day on the axis (YYYY-MM-DD, UTC), normally today. */
  end: string;
  /** The currency the points are in (already converted); USD when absent. */
  currency?: string;
  /** The prices are the bundled demo data: the chart says DEMO DATA across it. */
  demo?: boolean;
}

/** A collection's value per day, and what was paid for it, to chart. */
export interface PortfolioChartInput {
  title: string;
  days: number;
  /** The value each day in `currency`; a day with nothing priced (`priced` 0) is a gap. */
  points: { date: string; value: number; priced: number }[];
  /** The amount paid for the holdings that have a price paid, in `currency`; null when none has. */
  paid: number | null;
  /** The ISO code of the amounts (USD when omitted). */
  currency?: string;
  /** The prices are the bundled demo data: the chart says DEMO DATA across it. */
  demo?: boolean;
}

export interface ChartRenderer {
  /** A PNG: per series, a median line with a min-max band per day. */
  history(input: HistoryChartInput): Promise<Uint8Array>;
  /** A PNG: a collection's value per day, with the amount paid as a flat line. */
  portfolio(input: PortfolioChartInput): Promise<Uint8Array>;
}

/** A catalogue set (BrickLink's Sets download), with what Brickset added. */
export interface CatalogueSet {
  /** BrickLink's number with its variant: "75192-1". */
  setNo: string;
  /** Without the variant: "75192". */
  number: string;
  name: string;
  theme: string | null;
  year: number | null;
  /** LEGO's retail price per shop, in its currency; null when unknown. */
  retail: { usd: number | null; gbp: number | null; eur: number | null };
  /** YYYY-MM-DD: when the set left LEGO's shelves; null while on sale or unknown. */
  exitDate: string | null;
  /** When Brickset was last asked about it (null: never, so retirement is unknown). */
  bricksetFetchedAt: Date | null;
  /** When its inventory was fetched from BrickLink (null: not yet). */
  inventoryFetchedAt: Date | null;
}

/** One minifigure of a set's inventory. */
export interface SetEntry {
  itemNo: string;
  quantity: number;
  /** Null for an item the figure catalogue does not know. */
  figure: FigureRef | null;
}

export interface SetStore {
  /** Sets by number ("75192", "75192-1", any case) or, failing that, by name; best first. */
  find(text: string, limit: number): Promise<CatalogueSet[]>;
  /** Suggestions while typing: number prefix, then name words. */
  autocomplete(text: string, limit: number): Promise<CatalogueSet[]>;
  /** The set's minifigures, or null while its inventory has not been fetched. */
  inventory(setNo: string): Promise<SetEntry[] | null>;
  /** Queues the inventory fetch (the bricklink-sets job runs every few minutes). */
  requestInventory(setNo: string): Promise<void>;
  /** Whether anything fetches the queued inventories here: the bricklink-sets job needs BrickLink's keys. */
  readonly fetchesInventories: boolean;
  /** The sets a figure comes in (by the fetched inventories) and Brickset's fallback; figureRetirement reads it. */
  setsOfFigure(figureId: string): Promise<FigureSets>;
}

/** What is known of the sets a figure comes in (src/sets/figure-retirement.ts decides its retirement). */
export interface FigureSets {
  /** The sets whose fetched inventory holds it, newest first. */
  sets: CatalogueSet[];
  /**
   * The sets Brickset gave for its metadata.related_sets, with their exit dates (the brickset job's
   * metadata.brickset.sets); null when Brickset has not been asked. The fallback when `sets` is empty.
   */
  related: { setNo: string; exitDate: string | null }[] | null;
}

/** ECB rates against USD, for showing prices in other currencies. */
export interface ExchangeRates {
  /** The stored rates of the last ~400 days, kept in memory (they change once a day). */
  book(): Promise<RateBook>;
}

/** A user's own settings and a channel's defaults (the currency so far). */
export interface PreferenceStore {
  /** The stored currency of each key that has one, by scope. */
  currencies(keys: PreferenceKey[]): Promise<Partial<Record<PreferenceScope, string>>>;
  /** Sets a currency, or with null goes back to the default. */
  setCurrency(key: PreferenceKey, currency: string | null): Promise<void>;
}

export interface Deps {
  figures: FigureStore;
  prices: PriceStore;
  sources: SourceStore;
  charts: ChartRenderer;
  fx: ExchangeRates;
  /** Personal and channel settings; absent where there is no database to keep them. */
  preferences?: PreferenceStore;
  now(): Date;
  /** The prices are bundled demo data; every reply then carries a "demo data" label. */
  demoData: boolean;
  /** Alerts, watchlists and digest subscriptions (commands alert, watch, digest); absent where unsupported. */
  alerting?: AlertingStore;
  /** The sets catalogue and inventories (commands set, watch add-set; price's "In sets"); absent where unsupported. */
  sets?: SetStore;
}
