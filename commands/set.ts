import { defineCommand, opt } from '../src/core/command.js';
import { currencyOption, moneyViewFor } from '../src/currency/choose-currency.js';
import { inventoryPendingReply, setReply } from '../src/replies/set.js';
import { type PricedEntry, partOut } from '../src/sets/part-out.js';
import { MAX_SET_INPUT, resolveSet, setLabel, setsOf } from '../src/sets/sets-of.js';

export default defineCommand({
  name: 'set',
  description: "A set's figures priced, their part-out value, coverage and ratio to retail, and retirement",
  options: {
    set: opt.string({
      description: 'Set number (75192) or name',
      required: true,
      maxLength: MAX_SET_INPUT,
      autocomplete: async (typed, deps) =>
        (await setsOf(deps).autocomplete(typed, 25)).map((s) => ({ name: setLabel(s), value: s.setNo })),
    }),
    condition: opt.choice(['new', 'used'], {
      description: 'Price the figures new or used (default new)',
      default: 'new',
    }),
    currency: currencyOption(),
  },
  examples: ['set 75192', 'set 6212-1 used', 'set 75192 EUR', 'set "Millennium Falcon"'],
  async run({ options, deps, context }) {
    const store = setsOf(deps);
    // A number names the set the inventory lookup picks too (that number exactly, else its first
    // variant), so both are read at once, with the currency: one round trip less before pricing.
    const typed = options.set.trim().toLowerCase();
    const [set, early, money] = await Promise.all([
      resolveSet(store, options.set),
      /^\d+(-\d+)?$/.test(typed) ? store.inventory(typed) : undefined,
      moneyViewFor(deps, context, options.currency),
    ]);
    const sameSet = set.setNo.toLowerCase() === typed || set.setNo === `${typed}-1`;
    const today = deps.now().toISOString().slice(0, 10);
    // Not found by the number (not fetched yet, or another variant): asked again by the set's own.
    const inventory = early && sameSet ? early : await store.inventory(set.setNo);
    if (inventory === null) {
      await store.requestInventory(set.setNo);
      return inventoryPendingReply(set, today, store.fetchesInventories);
    }
    // One statement for all the set's figures: the same headline `price` shows for each.
    const figures = inventory.flatMap((e) => e.figure ?? []);
    const quotes = await deps.prices.headlines(figures, options.condition);
    const priced: PricedEntry[] = inventory.map((entry) => {
      const q = entry.figure ? quotes.get(entry.figure.id) : undefined;
      return {
        ...entry,
        price: q?.median ?? null,
        basis: q?.basis ?? null,
        listingCount: q?.listingCount ?? 0,
      };
    });
    return setReply(set, partOut(options.condition, priced, set.retail.usd), today, money);
  },
});
