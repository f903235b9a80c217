/**
 * An in-memory services bag for command → Reply tests: no database, no chart library. Figures are
 * real catalogue rows; prices are whatever a test puts in. Every call is recorded, so a test can
 * check what a command asked for.
 */

import stringSimilarity from 'string-similarity';
import type { GuideSummary } from '../../src/analytics/bricklink-comparison.js';
import type { FigureRef } from '../../src/core/figure.js';
import { inTheme, THEME_PATH_SEPARATOR } from '../../src/core/theme-path.js';
import type {
  Condition,
  ConditionQuote,
  DailyPrice,
  Deps,
  FigureFilter,
  HistoryChartInput,
  MoversQuery,
  MoversResult,
  PortfolioChartInput,
  PreferenceStore,
  PriceQuote,
  SourceStatus,
  StoredHeadline,
} from '../../src/deps.js';
import { fakeRates, memoryPreferences } from './fake-rates.js';
import { type FakeSetData, type FakeSetStore, fakeSetStore } from './fake-sets.js';

let nextId = 0;
export function figure(itemNo: string, name: string, theme: string | null, year: number | null): FigureRef {
  nextId++;
  return { id: `00000000-0000-4000-8000-${String(nextId).padStart(12, '0')}`, itemNo, name, theme, year };
}

/** Rows of bricklink_Minifigures_2025-10-25.txt (item number, name, theme, year). */
export const FIGURES = {
  sw0001a: figure('sw0001a', 'Battle Droid - Tan, Angled Arms, 1 x 2 Plate on Back', 'Star Wars', 1999),
  sw0001b: figure('sw0001b', 'Battle Droid - Tan, Angled Arms', 'Star Wars', 1999),
  sw0002: figure('sw0002', 'Boba Fett - Classic Grays', 'Star Wars', 2000),
  sw0002a: figure('sw0002a', 'Boba Fett - Bluish Grays', 'Star Wars', 2006),
  sw0004: figure('sw0004', 'Darth Vader (Light Gray Head)', 'Star Wars', 1999),
  sw0004a: figure('sw0004a', 'Darth Vader (Light Bluish Gray Head)', 'Star Wars', 2004),
  cty0001: figure(
    'cty0001',
    'Octan - Green Jacket with Pockets, Smirk and Stubble Beard, Life Jacket',
    'Town',
    2005,
  ),
  sh0001: figure('sh0001', 'Green Lantern (Comic-Con 2011 Exclusive)', 'Super Heroes', 2011),
  x30: figure('x30', 'Scala Doll Male Adult (Christian)', 'Scala', 1997),
};

export interface FakeDepsOptions {
  figures?: FigureRef[];
  quotes?: Map<string, PriceQuote>;
  /** BrickLink's price guides by item number. */
  guides?: Map<string, GuideSummary[]>;
  series?: DailyPrice[];
  movers?: MoversResult;
  sources?: SourceStatus[];
  now?: Date;
  demoData?: boolean;
  /** Stored daily headlines (for values over time). */
  storedHeadlines?: StoredHeadline[];
  /** The sets and inventories the set store holds (default: defaultSets()). */
  sets?: FakeSetData[];
  /** Whether set inventories get fetched here (BrickLink's keys set); default true. */
  fetchesSetInventories?: boolean;
  /** Stored personal and channel settings; a fresh in-memory store when not given. */
  preferences?: PreferenceStore;
}

export interface FakeDeps extends Deps {
  calls: { method: string; args: unknown[] }[];
  sets: FakeSetStore;
}

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function fakeDeps(opts: FakeDepsOptions = {}): FakeDeps {
  const figures = opts.figures ?? Object.values(FIGURES);
  const calls: FakeDeps['calls'] = [];
  const record = (method: string, ...args: unknown[]) => calls.push({ method, args });
  // A test figure's theme may be a category path ("Town / City / Police"), as the catalogue's subthemes are.
  const inFilter = (f: FigureRef, filter: FigureFilter) =>
    (filter.theme === undefined || inTheme(f.theme, filter.theme)) &&
    (filter.year === undefined || f.year === filter.year);
  const now = opts.now ?? new Date('2026-11-26T12:00:00Z');

  return {
    calls,
    sets: fakeSetStore(figures, opts.sets, opts.fetchesSetInventories),
    now: () => now,
    demoData: opts.demoData ?? false,
    fx: fakeRates(),
    preferences: opts.preferences ?? memoryPreferences(),
    figures: {
      async byItemNumbers(itemNos) {
        record('byItemNumbers', itemNos);
        const wanted = itemNos.map((n) => n.toLowerCase());
        return figures.filter((f) => wanted.includes(f.itemNo.toLowerCase()));
      },
      async searchNames(text, filter, limit) {
        record('searchNames', text, filter, limit);
        const w = words(text);
        if (w.length === 0) return [];
        return figures
          .filter((f) => inFilter(f, filter) && w.every((x) => words(f.name).includes(x)))
          .slice(0, limit);
      },
      async fuzzyNames(text, filter, limit) {
        record('fuzzyNames', text, filter, limit);
        if (words(text).length === 0) return [];
        return figures
          .filter((f) => inFilter(f, filter))
          .map((f) => ({
            ...f,
            score: stringSimilarity.compareTwoStrings(text.toLowerCase(), f.name.toLowerCase()),
          }))
          .filter((f) => f.score >= 0.4)
          .sort((a, b) => b.score - a.score)
          .slice(0, limit);
      },
      async autocomplete(text, limit) {
        record('autocomplete', text, limit);
        const t = text.toLowerCase();
        return figures
          .filter((f) => f.itemNo.toLowerCase().startsWith(t) || f.name.toLowerCase().includes(t))
          .slice(0, limit);
      },
      async themes() {
        const counts = new Map<string, number>();
        for (const f of figures) {
          const parts = f.theme?.split(THEME_PATH_SEPARATOR) ?? [];
          for (let n = 1; n <= parts.length; n++) {
            const theme = parts.slice(0, n).join(THEME_PATH_SEPARATOR);
            counts.set(theme, (counts.get(theme) ?? 0) + 1);
          }
        }
        return [...counts].map(([theme, n]) => ({ theme, figures: n }));
      },
    },
    prices: {
      async quote(f: FigureRef, condition?: Condition) {
        record('quote', f.itemNo, condition);
        const q = opts.quotes?.get(f.itemNo) ?? { figure: f, conditions: [], asOf: null, sources: [] };
        return {
          ...q,
          conditions: q.conditions.filter((c) => condition === undefined || c.condition === condition),
        };
      },
      async headlines(fs: readonly FigureRef[], condition: Condition) {
        record(
          'headlines',
          fs.map((f) => f.itemNo),
          condition,
        );
        const found = new Map<string, ConditionQuote>();
        for (const f of fs) {
          const q = opts.quotes?.get(f.itemNo)?.conditions.find((c) => c.condition === condition);
          if (q) found.set(f.id, q);
        }
        return found;
      },
      async storedHeadlines(pairs, from: string, to: string) {
        record('storedHeadlines', pairs.length, from, to);
        const wanted = new Set(pairs.map((p) => `${p.figureId}:${p.condition}`));
        return (opts.storedHeadlines ?? []).filter(
          (h) => wanted.has(`${h.figureId}:${h.condition}`) && h.date >= from && h.date <= to,
        );
      },
      async dailySeries(f: FigureRef, days: number, condition?: Condition) {
        record('dailySeries', f.itemNo, days, condition);
        return opts.series ?? [];
      },
      async movers(query: MoversQuery) {
        record('movers', query);
        return opts.movers ?? { gainers: [], losers: [], minSamples: 3, asOf: now };
      },
      async brickLinkGuides(f: FigureRef) {
        record('brickLinkGuides', f.itemNo);
        return opts.guides?.get(f.itemNo) ?? [];
      },
    },
    sources: {
      async status() {
        record('sources');
        return opts.sources ?? [];
      },
    },
    charts: {
      async history(input: HistoryChartInput) {
        record('chart', input);
        // PNG signature plus the figure's item number: enough to see which chart came back.
        return new Uint8Array([0x89, 0x50, 0x4e, 0x47, ...Buffer.from(input.figure.itemNo)]);
      },
      async portfolio(input: PortfolioChartInput) {
        record('portfolioChart', input);
        return new Uint8Array([0x89, 0x50, 0x4e, 0x47, ...Buffer.from(`portfolio-${input.days}`)]);
      },
    },
  };
}
