import type { CatalogueIndex } from './catalogue-index.js';
import { makeScope, type Scope } from './scope.js';
import type { CatalogueSet } from './set-numbers.js';

const CMF = 'Collectible Minifigures';
/** "Series 9", "serie 16", "seria 9", "serii 9", "reeks 4" (words of folded text). */
const SERIES_WORD = /^(series|serie|seria|serii|reeks)$/;
/** The same run together: "S16", "CMF9", "series9". */
const SHORT_FORM = /^(s|cmf|series|serie|seria|reeks)(\d{1,2})$/;
const MAX_SERIES = 40;

/**
 * The collectible minifigure series: which figures each series has (from the catalogue's CMF
 * categories) and which set numbers are their packets (from the Sets catalogue: 71021 is "Series
 * 18", 8684 "Series 2"). A packet number or "Series N" in a title is a scope, never a set for sale.
 */
export class CollectibleSeries {
  private readonly byCategory = new Map<string, number[]>();
  private readonly packets = new Map<string, Scope>();
  private readonly numbered = new Map<number, Scope>();
  private readonly collectibles: Scope;

  constructor(index: CatalogueIndex, sets: readonly CatalogueSet[]) {
    for (const [i, figure] of index.figures.entries()) {
      const path = figure.categoryPath;
      if (!path || path[0] !== CMF || path.length < 2) continue;
      // Every level below the top: "Harry Potter / Harry Potter Series 1 / Fantastic Beasts" is in both.
      for (let depth = 2; depth <= path.length; depth++) {
        const key = normalise(path.slice(0, depth));
        const list = this.byCategory.get(key) ?? [];
        list.push(i);
        this.byCategory.set(key, list);
      }
    }
    this.collectibles = makeScope(
      'collectibles',
      'collectible minifigures',
      [...this.byCategory].flatMap(([key, figures]) => (key.split(' / ').length === 2 ? figures : [])),
    );
    const byNumber = new Map<number, Set<number>>();
    for (const [key, figures] of this.byCategory) {
      const series = /\bseries (\d{1,2})\b/.exec(key);
      if (!series) continue;
      const n = Number(series[1]);
      const set = byNumber.get(n) ?? new Set<number>();
      for (const f of figures) set.add(f);
      byNumber.set(n, set);
    }
    for (const [n, figures] of byNumber) this.numbered.set(n, makeScope('series', `series ${n}`, figures));
    for (const set of sets) {
      if (set.categoryPath[0] !== CMF || set.categoryPath[1] === '(Other)') continue;
      const figures = this.byCategory.get(normalise(set.categoryPath));
      if (figures) this.packets.set(set.number, makeScope('series', `packet ${set.number}`, figures));
    }
  }

  /** Whether a number is a series packet ("71021", "8684"): not a set listing. */
  isPacket(digits: string): boolean {
    return this.packets.has(digits);
  }

  /**
   * The series a title's words name, packet number first (it is one series, "Series 2" may be
   * several lines); without a number, "collectible minifigures" ("CMF") is every series at once.
   */
  scopeOf(words: readonly string[]): Scope | undefined {
    for (const w of words) {
      const packet = this.packets.get(w);
      if (packet) return packet;
    }
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      const short = SHORT_FORM.exec(word);
      const n = short ? Number(short[2]) : SERIES_WORD.test(word) ? Number(words[i + 1]) : Number.NaN;
      if (Number.isInteger(n) && n >= 1 && n <= MAX_SERIES) {
        const scope = this.numbered.get(n);
        if (scope) return scope;
      }
    }
    for (let i = 0; i + 1 < words.length; i++) {
      if (words[i] === 'collectible' && /^minifig(ure)?s?$/.test(words[i + 1] as string))
        return this.collectibles;
    }
    return undefined;
  }
}

function normalise(path: readonly string[]): string {
  return path.join(' / ').replace(/\s+/g, ' ').toLowerCase();
}
