/**
 * The production services bag: every call of the returned factory forks the EntityManager, so each
 * dispatch has its own identity map and nothing leaks between users. Prices come from the
 * analytics (./prices-from-analytics.ts).
 */
import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { createAlertingStore } from './alerts/store.js';
import { readFigureCard } from './analytics/headline.js';
import { sharedRead } from './cache/dispatch-reads.js';
import { keptPrices } from './cache/kept-prices.js';
import { onFirstUse } from './cache/on-first-use.js';
import { refreshing } from './cache/refreshing.js';
import { NO_READ_CACHE, type ReadCache, readKey } from './cache/until-changed.js';
import { cachedCharts } from './charts/chart-cache.js';
import { chartThreads } from './charts/chart-threads.js';
import { itemNumberCandidates } from './core/figure-resolver.js';
import { RateBook } from './currency/rate-book.js';
import { quotaUsage } from './db/repositories/data-sources.js';
import { recentRates } from './db/repositories/exchange-rates.js';
import {
  allFigures,
  autocompleteFigures,
  FIGURE_SEARCH_TABLES,
  findByItemNumbers,
  fuzzySearchFigures,
  listThemes,
  searchFigures,
} from './db/repositories/figure-search.js';
import {
  allStoredCurrencies,
  currenciesOf,
  PREFERENCE_TABLES,
  PREFERENCES_IN_MEMORY,
  storeCurrency,
  storedCurrencies,
} from './db/repositories/preferences.js';
import {
  figuresOfSet,
  type InventoryStats,
  inventoryStats,
  requestInventory,
} from './db/repositories/set-inventories.js';
import { autocompleteSets, findSets } from './db/repositories/sets.js';
import { figureSeries } from './db/repositories/snapshot-series.js';
import type { ChartRenderer, Deps } from './deps.js';
import { log } from './log.js';
import { analyticsPrices } from './prices-from-analytics.js';

export interface DepsOptions {
  /** Whether to label replies "demo data" (the first run's bundled prices), asked per dispatch. */
  demoData?: () => boolean;
  /** Listings matched below this confidence are left out of prices (config MATCH_CONFIDENCE_THRESHOLD). */
  minConfidence?: number;
  charts?: ChartRenderer;
  now?: () => Date;
  /** Active alerts one user may have (config ALERTS_PER_USER). */
  alertsPerUser?: number;
  /** When alerts are evaluated (config SCHEDULE_EVALUATE_ALERTS): a new alert says when it is first checked. */
  alertCheckSchedule?: string;
  /** Whether set inventories get fetched (BrickLink's keys are set); else a set says so (default true). */
  fetchesSetInventories?: boolean;
  /** How long the theme list and the item-number index are reused; they change only with a catalogue import. */
  themeCacheMs?: number;
  /** How long the exchange rates are reused; ECB publishes once a working day. */
  ratesCacheMs?: number;
  /**
   * Where chat reads go (figures, prices, history, movers, autocomplete, sources, rates): a read
   * replica (DATABASE_READ_URL). Alerts, watchlists, subscriptions and currency preferences read and
   * write on `orm`, so a user sees their own change at once.
   */
  readOrm?: MikroORM;
  /**
   * Keeps chat reads (quotes, movers, series, search, sets of a figure, currency preferences) until
   * the data under them changes (src/cache/until-changed.ts). Only for reads from the primary: a
   * replica may not have a change yet when its notification arrives.
   */
  readCache?: ReadCache;
}

/** Rates kept in memory: a 365-day chart plus ECB's longest gaps. */
const RATE_DAYS = 400;

export type DepsFactory = (() => Deps) & {
  /** Builds the caches (themes, item numbers) now, so the first chat user does not wait. */
  warm(): Promise<void>;
};

/** "set inventories: 1,234 of 20,952 sets fetched (57 today, within the calls above); 2 asked in chat, waiting". */
function inventoryNote(s: InventoryStats): string {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    `set inventories: ${n(s.fetched)} of ${n(s.sets)} sets fetched (${n(s.triedToday)} today, within the calls above)` +
    (s.waiting > 0 ? `; ${n(s.waiting)} asked in chat, waiting` : '')
  );
}

export function createDepsFactory(orm: MikroORM, opts: DepsOptions = {}): DepsFactory {
  const reads = opts.readOrm ?? orm;
  const minConfidence = opts.minConfidence ?? 0.6;
  const now = opts.now ?? (() => new Date());
  const onError = (what: string) => (err: unknown) => log.warn({ err }, `could not refresh the ${what}`);
  const themes = refreshing(() => listThemes(reads.em.fork()), opts.themeCacheMs ?? 10 * 60_000, {
    onError: onError('theme list'),
  });
  // Item numbers are what people type most, and what autocomplete puts in the option: resolve them
  // from memory. A miss that looks like a new item number still asks the database, so a figure
  // imported since the last load is found.
  const itemIndex = refreshing(
    async () => new Map((await allFigures(reads.em.fork())).map((f) => [f.itemNo.toLowerCase(), f])),
    opts.themeCacheMs ?? 10 * 60_000,
    { onError: onError('item-number index') },
  );

  const rates = refreshing(
    async () => new RateBook(await recentRates(reads.em.fork(), RATE_DAYS)),
    opts.ratesCacheMs ?? 10 * 60_000,
    { onError: onError('exchange rates') },
  );
  const charts = opts.charts ?? cachedCharts(chartThreads());
  const kept = opts.readOrm ? NO_READ_CACHE : (opts.readCache ?? NO_READ_CACHE);
  /** Everyone's currency preferences at once: one small table, read instead of a query per reply. */
  const preferenceTable = (em: EntityManager) =>
    kept.get('preferences', () => allStoredCurrencies(em, PREFERENCES_IN_MEMORY), PREFERENCE_TABLES);

  // Every chat read below is plain SQL (repositories' `query`), which never touches an
  // EntityManager's identity map: one fork serves every dispatch, instead of a fork per reply.
  // An entity read added here would see what an earlier dispatch loaded; fork for it instead.
  const em = reads.em.fork();
  const factory = (): Deps => {
    // Forked on first use: most replies write nothing.
    const writes = onFirstUse(() => orm.em.fork());
    // The day is part of the keys: the quote's window and the series end with it.
    const today = () => now().toISOString().slice(0, 10);
    const card = sharedRead(kept, 'card', (id: string, _day: string) =>
      readFigureCard(em, id, now(), minConfidence),
    );
    const series = sharedRead(kept, 'figure-series', (id: string, days: number, _day: string) =>
      figureSeries(em, id, days, now()),
    );
    return {
      figures: {
        byItemNumbers: async (itemNos) => {
          const index = await itemIndex.get();
          const hits = itemNos.flatMap((n) => index.get(n.toLowerCase()) ?? []);
          // Only something with a digit can be a figure added since the load ("pooh" is in the index).
          if (hits.length > 0 || !itemNos.some((n) => /\d/.test(n))) return hits;
          return findByItemNumbers(em, itemNos);
        },
        searchNames: (text, filter, limit) =>
          kept.get(
            readKey('search', text, filter, limit),
            () => searchFigures(em, text, filter, limit),
            FIGURE_SEARCH_TABLES,
          ),
        fuzzyNames: (text, filter, limit) =>
          kept.get(
            readKey('fuzzy', text, filter, limit),
            () => fuzzySearchFigures(em, text, filter, limit),
            FIGURE_SEARCH_TABLES,
          ),
        autocomplete: (text, limit) => {
          const exact = itemNumberCandidates(text);
          return kept.get(
            readKey('autocomplete', text, limit),
            () => autocompleteFigures(em, text, exact, exact, limit),
            FIGURE_SEARCH_TABLES,
          );
        },
        themes: () => themes.get(),
      },
      prices: keptPrices(
        kept,
        onFirstUse(() =>
          analyticsPrices(em, {
            now,
            minConfidence,
            card: (id) => card(id, today()),
            series: (id, days) => series(id, days, today()),
          }),
        ),
        now,
      ),
      sources: {
        status: async () => {
          const [usage, inventories] = [await quotaUsage(em, now()), await inventoryStats(em, now())];
          return usage.map((s) => ({
            name: s.name,
            lastRunAt: s.lastScrapedAt ? new Date(s.lastScrapedAt) : null,
            lastRunSuccess: s.lastScrapeSuccess,
            quotaPerDay: s.rateLimitPerDay,
            usedToday: s.callsToday,
            ...(s.name === 'BrickLink' ? { note: inventoryNote(inventories) } : {}),
          }));
        },
      },
      charts,
      fx: { book: () => rates.get() },
      preferences: {
        currencies: async (keys) => {
          const table = await preferenceTable(writes);
          return table ? currenciesOf(table, keys) : storedCurrencies(writes, keys);
        },
        setCurrency: async (key, currency) => {
          await storeCurrency(writes, key, currency);
          // The asker sees the change at once, before the notification of it arrives.
          kept.invalidate();
        },
      },
      alerting: onFirstUse(() =>
        createAlertingStore(writes, {
          now,
          minConfidence,
          alertsPerUser: opts.alertsPerUser,
          checkSchedule: opts.alertCheckSchedule,
        }),
      ),
      sets: {
        find: (text, limit) => findSets(em, text, limit),
        autocomplete: (text, limit) => autocompleteSets(em, text, limit),
        inventory: (setNo) => figuresOfSet(em, setNo),
        requestInventory: (setNo) => requestInventory(writes, setNo, now()),
        fetchesInventories: opts.fetchesSetInventories ?? true,
        setsOfFigure: async (figureId) => {
          const { sets, related } = await card(figureId, today());
          return { sets, related };
        },
      },
      now,
      demoData: opts.demoData?.() ?? false,
    };
  };
  return Object.assign(factory, {
    warm: async () => {
      await Promise.all([themes.warm(), itemIndex.warm()]);
    },
  });
}
