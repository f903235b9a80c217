import { type Condition, type PriceQuote, type PriceStore, quoteSources } from '../deps.js';
import { type ReadCache, readKey } from './until-changed.js';

/**
 * The price port with its reads kept until the data changes (./until-changed.ts). Quotes and movers
 * also depend on the day: their keys carry it, so a new day reads afresh. A figure's
 * quote is kept for both conditions, whichever was asked: `price sw0002` and `price sw0002 used`
 * read it once.
 */
export function keptPrices(kept: ReadCache, prices: PriceStore, now: () => Date): PriceStore {
  const day = () => now().toISOString().slice(0, 10);
  return {
    quote: async (figure, condition) => {
      const both = await kept.get(readKey('quote', figure.id, day()), () => prices.quote(figure));
      return condition ? onlyCondition(both, condition) : both;
    },
    headlines: (figures, condition) => prices.headlines(figures, condition),
    storedHeadlines: (pairs, from, to) =>
      kept.get(readKey('stored-headlines', pairs, from, to), () => prices.storedHeadlines(pairs, from, to)),
    movers: (query) => kept.get(readKey('movers', query, day()), () => prices.movers(query)),
    // A figure's series and guides come from its chart series and card, which each dispatch reads
    // once and keeps (sharedRead in create-deps.ts): keeping them again here would hold them twice.
    dailySeries: (figure, days, condition) => prices.dailySeries(figure, days, condition),
    // `prices` may be made on first use (create-deps.ts): asking whether it has a headline series
    // before it is called would make it.
    headlineSeries: async (figure, days, condition) =>
      (await prices.headlineSeries?.(figure, days, condition)) ?? [],
    brickLinkGuides: async (figure) => (await prices.brickLinkGuides?.(figure)) ?? [],
  };
}

/** One condition's part of a quote of both. */
function onlyCondition(quote: PriceQuote, condition: Condition): PriceQuote {
  const conditions = quote.conditions.filter((c) => c.condition === condition);
  return {
    ...quote,
    conditions,
    asOf: conditions.length > 0 ? quote.asOf : null,
    sources: quoteSources(conditions),
  };
}
