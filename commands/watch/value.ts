import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand } from '../../src/core/command.js';
import { currencyOption, moneyViewFor } from '../../src/currency/choose-currency.js';
import { type ValuedItem, watchValueReply } from '../../src/replies/watchlist.js';

export default defineCommand({
  name: 'value',
  description: 'What your watchlist is worth at headline prices, and your gain on it',
  options: { currency: currencyOption() },
  private: true,
  examples: ['watch value', 'watch value EUR'],
  async run({ options, deps, context }) {
    const items = await alertingOf(deps).listWatch(callerOf(context));
    const valued: ValuedItem[] = [];
    // Watchlists are short (WATCHLIST_LIMIT): one quote per item, the same headline `price` shows.
    for (const item of items) {
      const quote = await deps.prices.quote(item.figure, item.condition);
      const q = quote.conditions.find((c) => c.condition === item.condition);
      valued.push({
        item,
        price: q?.median ?? null,
        basis: q?.basis ?? null,
        listingCount: q?.listingCount ?? 0,
      });
    }
    return watchValueReply(valued, await moneyViewFor(deps, context, options.currency));
  },
});
