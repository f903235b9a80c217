import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { currencyOption, moneyViewFor } from '../../src/currency/choose-currency.js';
import type { ConditionQuote } from '../../src/deps.js';
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
    // The same headline `price` shows, read for all items of a condition in one statement.
    const quotes = new Map<string, ConditionQuote>();
    for (const condition of ['new', 'used'] as const) {
      const figures = items.filter((i) => i.condition === condition).map((i) => i.figure);
      if (figures.length === 0) continue;
      for (const [id, q] of await deps.prices.headlines(figures, condition))
        quotes.set(`${id}:${condition}`, q);
    }
    const valued: ValuedItem[] = items.map((item) => {
      const q = quotes.get(`${item.figure.id}:${item.condition}`);
      return { item, price: q?.median ?? null, basis: q?.basis ?? null, listingCount: q?.listingCount ?? 0 };
    });
    const reply = watchValueReply(valued, await moneyViewFor(deps, context, options.currency));
    if (items.length === 0) return reply;
    // The chart is in USD, as the stored headlines are.
    return { ...reply, image: await watchValueChart(deps, items, options.days) };
  },
});
