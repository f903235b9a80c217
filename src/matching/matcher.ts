import type { EntityManager } from '@mikro-orm/postgresql';
import { listMatchCatalogue } from '../db/repositories/match-catalogue.js';
import { listSetFigures } from '../db/repositories/set-figures.js';
import { type CatalogueFigure, CatalogueIndex } from './catalogue-index.js';
import { CollectibleSeries } from './collectible-series.js';
import { decide, type MatchResult } from './decide.js';
import { CandidateRanker } from './rank-candidates.js';
import { makeScope, type Scope } from './scope.js';
import { catalogueInventory, inventoryFromMap, type SetInventory } from './set-inventory.js';
import { type CatalogueSet, shippedSets } from './set-numbers.js';
import { parseTitle } from './title-query.js';

export interface MatcherOptions {
  /**
   * Below this confidence a title is unmatched (itemNo null). Default 0.6; the CLI and the jobs
   * pass config.matchConfidenceThreshold (MATCH_CONFIDENCE_THRESHOLD).
   */
  threshold?: number;
  /**
   * Known set numbers (see readBrickLinkSetNumbers). Without them any 4-6 digit number that is not
   * a plausible year counts as a set number, which is nearly always right for listing titles.
   */
  setNumbers?: ReadonlySet<string>;
  /** The latest year a title can mean as a release year; default next year. */
  maxYear?: number;
  /**
   * BrickLink's Sets catalogue (parseBrickLinkSets): collectible-series packet numbers, and each
   * set's theme and year for the fallback inventory. Default: the download shipped in the repository.
   */
  sets?: readonly CatalogueSet[];
  /**
   * Which figures each set holds, asked first for "from set" titles; sets it does not know fall
   * back to the catalogues (catalogueInventory). A Map (set number -> item numbers) also crosses
   * into pool workers. Default: built from the database, the fetched inventories (listSetFigures);
   * from catalogue rows, none.
   */
  setInventory?: SetInventory | ReadonlyMap<string, readonly string[]>;
}

export interface Matcher {
  /** Figures in the index. */
  readonly size: number;
  readonly threshold: number;
  /** One result per title, in order. Yields to the event loop between chunks of a large batch. */
  match(titles: readonly string[]): Promise<MatchResult[]>;
  matchOne(title: string): MatchResult;
}

export const DEFAULT_THRESHOLD = 0.6;
const CHUNK = 500;

/**
 * Builds a title matcher over the catalogue: from the database (one query for all figures) or from
 * rows already at hand. The index lives in memory, so build one matcher per job run, not per title;
 * figures imported afterwards are unknown to it until the next build.
 */
export async function createMatcher(
  source: EntityManager | readonly CatalogueFigure[],
  opts: MatcherOptions = {},
): Promise<Matcher> {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  if (!(threshold >= 0 && threshold <= 1))
    throw new RangeError(`threshold must be within 0..1, got ${threshold}`);
  const rows = isCatalogue(source) ? source : await listMatchCatalogue(source);
  // From the database, the fetched set inventories too (unless the caller gives one).
  const setInventory = opts.setInventory ?? (isCatalogue(source) ? undefined : await listSetFigures(source));
  const index = new CatalogueIndex(rows);
  const ranker = new CandidateRanker(index);
  const sets = opts.sets ?? (await shippedSets());
  const queryOptions = {
    setNumbers: opts.setNumbers,
    maxYear: opts.maxYear ?? new Date().getUTCFullYear() + 1,
    series: new CollectibleSeries(index, sets),
    setScope: setScopes(index, sets, setInventory),
  };
  const matchOne = (title: string) =>
    decide(parseTitle(title, index, queryOptions), index, ranker, threshold);

  return {
    size: index.size,
    threshold,
    matchOne,
    async match(titles) {
      const results: MatchResult[] = [];
      const seen = new Map<string, MatchResult>();
      for (const [i, title] of titles.entries()) {
        if (i > 0 && i % CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
        let result = seen.get(title);
        if (!result) {
          result = matchOne(title);
          seen.set(title, result);
        }
        results.push(result);
      }
      return results;
    },
  };
}

/**
 * Set number -> its figures as a scope, worked out once per set: from the given inventory, or else
 * guessed from the catalogues (then the set's year is kept, to prefer figures new that year).
 */
function setScopes(
  index: CatalogueIndex,
  sets: readonly CatalogueSet[],
  given: MatcherOptions['setInventory'],
): (setNumber: string) => Scope | undefined {
  const fallback = catalogueInventory(index, sets);
  const inventory = given instanceof Map ? inventoryFromMap(given) : (given as SetInventory | undefined);
  const years = new Map(sets.map((s) => [s.number, s.year]));
  const cache = new Map<string, Scope | undefined>();
  return (setNumber) => {
    if (cache.has(setNumber)) return cache.get(setNumber);
    const known = inventory?.figuresIn(setNumber);
    const positions = (known ?? fallback.figuresIn(setNumber) ?? []).flatMap((itemNo) => {
      const at = index.position(itemNo);
      return at === undefined ? [] : [at];
    });
    const year = known ? undefined : (years.get(setNumber) ?? undefined);
    const scope = positions.length > 0 ? makeScope('set', `set ${setNumber}`, positions, year) : undefined;
    cache.set(setNumber, scope);
    return scope;
  };
}

function isCatalogue(
  source: EntityManager | readonly CatalogueFigure[],
): source is readonly CatalogueFigure[] {
  return Array.isArray(source);
}
