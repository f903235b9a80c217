import type { Basis, Condition, SetEntry } from '../deps.js';

/** One figure of a set, priced at its headline. */
export interface PricedEntry extends SetEntry {
  /** Headline price per figure in USD, or null without one. */
  price: number | null;
  basis: Basis | null;
  listingCount: number;
}

export interface PartOut {
  condition: Condition;
  entries: PricedEntry[];
  /** Sum of price × quantity over the priced figures, in cents to stay exact. */
  valueCents: number;
  /** Figures (counted by quantity) with a price, and all of them. */
  pricedFigures: number;
  totalFigures: number;
  /** Part-out value over the US retail price; null without a retail price or any priced figure. */
  ratioToRetail: number | null;
}

/**
 * The part-out value of a set's figures: each headline price (rounded to the cent, as shown)
 * times its quantity, summed in cents so the total is the sum of the rows shown to the cent.
 */
export function partOut(condition: Condition, entries: PricedEntry[], retailUsd: number | null): PartOut {
  let valueCents = 0;
  let pricedFigures = 0;
  let totalFigures = 0;
  for (const e of entries) {
    totalFigures += e.quantity;
    if (e.price === null) continue;
    pricedFigures += e.quantity;
    valueCents += Math.round(e.price * 100) * e.quantity;
  }
  const ratioToRetail = retailUsd && pricedFigures > 0 ? valueCents / 100 / retailUsd : null;
  return { condition, entries, valueCents, pricedFigures, totalFigures, ratioToRetail };
}
