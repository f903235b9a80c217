import type { FigureSets } from '../deps.js';

/** Whether a figure can still be bought new from LEGO, and what says so. */
export interface FigureRetirement {
  /** Every set it comes in has left LEGO's shelves: it can only be had second-hand. */
  retired: boolean;
  /** YYYY-MM-DD: the day the last of its sets left the shelves, when retired. */
  since: string | null;
  /**
   * What decided: the fetched inventories of the sets holding it; else Brickset's answer about the
   * sets its metadata names (related_sets); null when neither is known (then not retired).
   */
  basis: 'inventories' | 'brickset' | null;
}

/**
 * A figure is retired when every set it comes in is, as of `today` (YYYY-MM-DD). Its sets are those
 * whose fetched inventory holds it; only when no inventory holding it is known do the sets Brickset
 * gave for its `related_sets` decide. A set is retired once its exit date (the day it left every
 * market that sold it, src/sources/brickset/set-retail.ts) has passed; a set with none (still on
 * sale, or Brickset not asked yet) is not, so neither is the figure.
 */
export function figureRetirement(figure: FigureSets, today: string): FigureRetirement {
  const [basis, sets] =
    figure.sets.length > 0
      ? (['inventories', figure.sets] as const)
      : figure.related && figure.related.length > 0
        ? (['brickset', figure.related] as const)
        : ([null, []] as const);
  if (basis === null) return { retired: false, since: null, basis };
  const exits = sets.map((s) => s.exitDate);
  const retired = exits.every((d) => d !== null && d <= today);
  return { retired, since: retired ? ((exits as string[]).sort().at(-1) ?? null) : null, basis };
}
