/**
 * An in-memory set store for command and platform tests: a few real sets (numbers, names, years
 * and Brickset retail data as published) with inventories made of whatever figures a test has.
 */
import type { FigureRef } from '../../src/core/figure.js';
import type { CatalogueSet, SetEntry, SetStore } from '../../src/deps.js';

export function catalogueSet(
  init: Partial<CatalogueSet> & Pick<CatalogueSet, 'setNo' | 'name'>,
): CatalogueSet {
  return {
    number: init.setNo.replace(/-\d+$/, ''),
    theme: 'Star Wars',
    year: null,
    retail: { usd: null, gbp: null, eur: null },
    exitDate: null,
    bricksetFetchedAt: new Date('2026-11-01T03:00:00Z'),
    inventoryFetchedAt: null,
    ...init,
  };
}

export interface FakeSetData {
  set: CatalogueSet;
  /** Item numbers and quantities; absent while the inventory is "being fetched". */
  inventory?: [string, number][];
}

/** Three sets: one with figures, one retired whose inventory is not fetched yet, one without figures. */
export function defaultSets(): FakeSetData[] {
  const fetched = new Date('2026-11-20T10:00:00Z');
  return [
    {
      set: catalogueSet({
        setNo: '75192-1',
        name: 'Millennium Falcon - UCS {2nd edition}',
        year: 2017,
        retail: { usd: 849.99, gbp: 734.99, eur: 849.99 },
        inventoryFetchedAt: fetched,
      }),
      inventory: [
        ['sw0002', 1],
        ['sw0004', 2],
        ['sw0001a', 1],
        ['sw9999', 1],
      ],
    },
    {
      set: catalogueSet({
        setNo: '10188-1',
        name: 'Death Star - UCS',
        year: 2008,
        retail: { usd: 399.99, gbp: null, eur: null },
        exitDate: '2016-12-31',
      }),
    },
    {
      set: catalogueSet({
        setNo: '6212-1',
        name: 'X-wing Fighter',
        year: 2006,
        exitDate: '2007-12-31',
        inventoryFetchedAt: fetched,
      }),
      inventory: [],
    },
  ];
}

export interface FakeSetStore extends SetStore {
  /** Sets whose inventory fetch was requested, in order. */
  requested: string[];
}

export function fakeSetStore(
  figures: FigureRef[],
  data: FakeSetData[] = defaultSets(),
  fetchesInventories = true,
): FakeSetStore {
  const byItem = new Map(figures.map((f) => [f.itemNo.toLowerCase(), f]));
  const requested: string[] = [];
  const entries = (d: FakeSetData): SetEntry[] | null =>
    d.inventory?.map(([itemNo, quantity]) => ({ itemNo, quantity, figure: byItem.get(itemNo) ?? null })) ??
    null;
  return {
    requested,
    fetchesInventories,
    async find(text, limit) {
      const t = text.trim().toLowerCase();
      const byNumber = data.filter(
        (d) => d.set.setNo.toLowerCase() === t || d.set.number.toLowerCase() === t,
      );
      const hits = byNumber.length > 0 ? byNumber : data.filter((d) => d.set.name.toLowerCase().includes(t));
      return hits.slice(0, limit).map((d) => d.set);
    },
    async autocomplete(text, limit) {
      const t = text.trim().toLowerCase();
      if (t === '') return [];
      return data
        .filter((d) => d.set.setNo.toLowerCase().startsWith(t) || d.set.name.toLowerCase().includes(t))
        .slice(0, limit)
        .map((d) => d.set);
    },
    async inventory(setNo) {
      const d = data.find((x) => x.set.setNo === setNo);
      return d ? entries(d) : null;
    },
    async requestInventory(setNo) {
      requested.push(setNo);
    },
    async setsOfFigure(figureId) {
      const itemNo = figures.find((f) => f.id === figureId)?.itemNo;
      const sets = data.filter((d) => d.inventory?.some(([i]) => i === itemNo)).map((d) => d.set);
      return { sets, related: null };
    },
  };
}
