import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import type { WatchItem } from '../../src/alerts/store.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { currencyOption, moneyViewFor } from '../../src/currency/choose-currency.js';
import type { ConditionQuote, Deps } from '../../src/deps.js';
import { VALUE_DAYS, watchValueChart } from '../../src/portfolio/value-chart.js';
import { type ValuedItem, watchValueReply } from '../../src/replies/watchlist.js';

export default defineCommand({
  name: 'value',
  description: 'What your watchlist is worth at headline prices, your gain on it, and its value over time',
  options: {
    days: opt.integer({
      description: 'Days of value to chart (default 90)',
      choices: VALUE_DAYS,
      default: 90,
    }),
    currency: currencyOption(),
  },
  private: true,
  examples: ['watch value', 'watch value 365', 'watch value EUR'],
  async run({ options, deps, context }) {
    const items = await alertingOf(deps).listWatch(callerOf(context));
    const money = await moneyViewFor(deps, context, options.currency);
    if (items.length === 0) return watchValueReply([], money);
    // The chart (stored headlines, then drawing on a chart thread) is made while the quotes are read.
    const [quotes, image] = await Promise.all([
      watchQuotes(deps, items),
      watchValueChart(deps, items, options.days, money.code),
    ]);
    const valued: ValuedItem[] = items.map((item) => {
      const q = quotes.get(`${item.figure.id}:${item.condition}`);
      return { item, price: q?.median ?? null, basis: q?.basis ?? null, listingCount: q?.listingCount ?? 0 };
    });
    return { ...watchValueReply(valued, money), image };
  },
});

/** The same headline `price` shows, by "figure id:condition", read for all items of a condition in one statement. */
async function watchQuotes(deps: Deps, items: WatchItem[]): Promise<Map<string, ConditionQuote>> {
  const quotes = new Map<string, ConditionQuote>();
  await Promise.all(
    (['new', 'used'] as const).map(async (condition) => {
      const figures = items.filter((i) => i.condition === condition).map((i) => i.figure);
      if (figures.length === 0) return;
      for (const [id, q] of await deps.prices.headlines(figures, condition))
        quotes.set(`${id}:${condition}`, q);
    }),
  );
  return quotes;
}
