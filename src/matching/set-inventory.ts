import type { CatalogueIndex } from './catalogue-index.js';
import type { CatalogueSet } from './set-numbers.js';

/**
 * Which figures a set holds. The matcher takes one (MatcherOptions.setInventory) to resolve "Dengar
 * from 10221" inside the set; a set inventory table can supply it. Without one, or for a set it
 * does not know, the matcher falls back to catalogueInventory below (and then prefers figures
 * first released in the set's year).
 */
export interface SetInventory {
  /** Item numbers of the figures in the set (number without "-1"), or undefined when the set is unknown here. */
  figuresIn(setNumber: string): readonly string[] | undefined;
}

/** An inventory given as data (set number -> item numbers), e.g. read from a set_minifigures table. */
export function inventoryFromMap(map: ReadonlyMap<string, readonly string[]>): SetInventory {
  return { figuresIn: (setNumber) => map.get(setNumber) };
}

/** A set's figures are mostly new in its year or the year before (sets come out across the new year). */
const YEARS_BEFORE = 1;

/**
 * The fallback that works from the two catalogues alone: a set's figures are taken to be the figures
 * of its theme (top category) released in its year or the year before. That is wider than the real
 * inventory (every Star Wars figure of 2016-2017 for 75159), but a character name is usually one
 * figure inside it, and the matcher only keeps this scope when it explains the title's name words.
 */
export function catalogueInventory(index: CatalogueIndex, sets: readonly CatalogueSet[]): SetInventory {
  const byNumber = new Map(sets.map((s) => [s.number, s]));
  const byThemeYear = new Map<string, string[]>();
  for (const figure of index.figures) {
    const theme = figure.categoryPath?.[0] ?? figure.theme;
    if (!theme || figure.year === null) continue;
    const key = `${theme}|${figure.year}`;
    const list = byThemeYear.get(key) ?? [];
    list.push(figure.itemNo);
    byThemeYear.set(key, list);
  }
  const cache = new Map<string, readonly string[] | undefined>();
  return {
    figuresIn(setNumber) {
      if (cache.has(setNumber)) return cache.get(setNumber);
      const set = byNumber.get(setNumber);
      let figures: string[] | undefined;
      if (set?.year != null && set.categoryPath[0]) {
        figures = [];
        for (let year = set.year - YEARS_BEFORE; year <= set.year; year++)
          figures.push(...(byThemeYear.get(`${set.categoryPath[0]}|${year}`) ?? []));
      }
      const result = figures?.length ? figures : undefined;
      cache.set(setNumber, result);
      return result;
    },
  };
}
