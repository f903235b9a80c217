import { defineCommand, opt } from '../../src/core/command.js';
import { preferenceKeys, preferredCurrency } from '../../src/currency/choose-currency.js';
import {
  currencySetReply,
  currencyShownReply,
  parseCurrencySetting,
  preferencesOf,
} from '../../src/replies/settings.js';

export default defineCommand({
  name: 'currency',
  description: 'Your currency for every price (EUR, GBP, JPY...); default goes back to USD',
  options: {
    code: opt.string({ description: 'A currency code such as EUR, or default', maxLength: 10 }),
  },
  private: true,
  examples: ['settings currency EUR', 'settings currency', 'settings currency default'],
  async run({ options, deps, context }) {
    if (options.code === undefined) return currencyShownReply(await preferredCurrency(deps, context));
    const user = preferenceKeys(context).find((k) => k.scope === 'user');
    const store = preferencesOf(deps);
    if (!user) return currencyShownReply(await preferredCurrency(deps, context));
    const code = parseCurrencySetting(options.code, 'code');
    await store.setCurrency(user, code);
    return currencySetReply('you', code);
  },
});
