/**
 * A services bag for the Discord end-to-end tests: the real BrickLink catalogue (Star Wars figures)
 * in memory, simple deterministic prices, and the real chart renderer, whose PNGs are kept so a test
 * can compare what reached Discord byte for byte. No database: these tests are about the adapter.
 */
import { readFileSync } from 'node:fs';
import stringSimilarity from 'string-similarity';
import { parseBrickLinkCatalog } from '../../../src/catalog/parse-bricklink-catalog.js';
import { chartRenderer } from '../../../src/charts/renderer.js';
import type { FigureRef } from '../../../src/core/figure.js';
import type { ConditionQuote, DailyPrice, Deps, FigureStore, PriceStore } from '../../../src/deps.js';
import { fakeRates } from '../../support/fake-rates.js';
import { fakeSetStore } from '../../support/fake-sets.js';
import { CATALOG_FILE } from '../../support/paths.js';

let catalogue: FigureRef[] | undefined;

/** Star Wars figures from the real catalogue download, sorted by item number. */
export function starWarsFigures(): FigureRef[] {
  catalogue ??= parseBrickLinkCatalog(readFileSync(CATALOG_FILE, 'utf8'))
    .figures.filter((f) => f.theme === 'Star Wars')
    .map((f) => ({
      id: `id-${f.setNumber}`,
      itemNo: f.setNumber,
      name: f.name,
      theme: f.theme,
      year: f.yearReleased,
    }))
    .sort((a, b) => a.itemNo.localeCompare(b.itemNo));
  return catalogue;
}

function figureStore(figures: FigureRef[]): FigureStore {
  const words = (text: string) => text.toLowerCase().split(/\s+/).filter(Boolean);
  return {
    byItemNumbers: async (itemNos) => {
      const wanted = new Set(itemNos.map((n) => n.toLowerCase()));
      return figures.filter((f) => wanted.has(f.itemNo.toLowerCase()));
    },
    searchNames: async (text, _filter, limit) =>
      figures.filter((f) => words(text).every((w) => f.name.toLowerCase().includes(w))).slice(0, limit),
    fuzzyNames: async (text, _filter, limit) =>
      figures
        .map((f) => ({
          ...f,
          score: stringSimilarity.compareTwoStrings(text.toLowerCase(), f.name.toLowerCase()),
        }))
        .filter((f) => f.score >= 0.5)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit),
    autocomplete: async (text, limit) => {
      const t = text.toLowerCase();
      const byNumber = figures.filter((f) => f.itemNo.toLowerCase().startsWith(t));
      const byName = figures.filter((f) => !byNumber.includes(f) && f.name.toLowerCase().includes(t));
      return [...byNumber, ...byName].slice(0, limit);
    },
    themes: async () => [{ theme: 'Star Wars', figures: figures.length }],
  };
}

/** Prices derived from the item number, so every figure has some and a test can recompute them. */
export function headline(figure: FigureRef): number {
  return 5 + (Number.parseInt(figure.itemNo.replace(/\D/g, ''), 10) % 50);
}

function priceStore(now: () => Date): PriceStore {
  const store: PriceStore = {
    async headlines(figures, condition) {
      const found = new Map<string, ConditionQuote>();
      for (const f of figures) {
        const [q] = (await store.quote(f, condition)).conditions;
        if (q) found.set(f.id, q);
      }
      return found;
    },
    async storedHeadlines() {
      return [];
    },
    async quote(figure, condition) {
      const quote = (c: 'new' | 'used', factor: number): ConditionQuote => ({
        condition: c,
        basis: 'sold',
        windowDays: 30,
        listingCount: 12,
        median: headline(figure) * factor,
        min: headline(figure) * factor * 0.8,
        max: headline(figure) * factor * 1.3,
        lowConfidence: false,
        change7d: 0.05,
        change30d: -0.1,
        bySource: [{ source: 'BrickLink', listingCount: 12, median: headline(figure) * factor }],
      });
      const all = [quote('new', 2), quote('used', 1)];
      return {
        figure,
        conditions: condition ? all.filter((q) => q.condition === condition) : all,
        asOf: now(),
        sources: ['BrickLink'],
      };
    },
    async dailySeries(figure, days) {
      const end = now().getTime();
      return Array.from({ length: Math.min(days, 60) }, (_, i): DailyPrice => {
        const median = headline(figure) + (i % 7);
        const date = new Date(end - (Math.min(days, 60) - 1 - i) * 86_400_000).toISOString().slice(0, 10);
        return { date, median, min: median - 1, max: median + 2, count: 3 };
      });
    },
    async movers() {
      return { gainers: [], losers: [], minSamples: 3, asOf: now() };
    },
  };
  return store;
}

export interface InMemoryDeps {
  deps: Deps;
  /** Every PNG the chart renderer produced, in order. */
  charts: Uint8Array[];
}

export function inMemoryDeps(overrides: Partial<Deps> = {}): InMemoryDeps {
  const charts: Uint8Array[] = [];
  const now = () => new Date('2026-11-20T12:00:00Z');
  const deps: Deps = {
    figures: figureStore(starWarsFigures()),
    sets: fakeSetStore(starWarsFigures()),
    prices: priceStore(now),
    sources: {
      status: async () => [
        { name: 'BrickLink', lastRunAt: now(), lastRunSuccess: true, quotaPerDay: 5000, usedToday: 120 },
      ],
    },
    fx: fakeRates(),
    charts: {
      async history(input) {
        const png = await chartRenderer.history(input);
        charts.push(png);
        return png;
      },
      async portfolio(input) {
        const png = await chartRenderer.portfolio(input);
        charts.push(png);
        return png;
      },
    },
    now,
    demoData: false,
    ...overrides,
  };
  return { deps, charts };
}
