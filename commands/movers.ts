import { defineCommand, opt } from '../src/core/command.js';
import { autocompleteThemes, resolveTheme } from '../src/core/theme-resolver.js';
import { currencyOption, moneyViewFor } from '../src/currency/choose-currency.js';
import { moversReply } from '../src/replies/movers.js';

/** Gainers and losers shown each. */
const TOP = 5;

export default defineCommand({
  name: 'movers',
  description: 'Biggest price gainers and losers, with the listings behind each figure',
  options: {
    period: opt.choice(['1d', '7d', '30d'], { description: 'Compare with this long ago', default: '7d' }),
    theme: opt.string({
      description: 'Only this theme, e.g. Star Wars',
      maxLength: 100,
      autocomplete: (typed, deps) => autocompleteThemes(deps.figures, typed),
    }),
    condition: opt.choice(['new', 'used'], { description: 'Only this condition' }),
    currency: currencyOption(),
    'min-sales': opt.integer({
      description: 'Only figures sold at least this many times in the last 30 days',
      min: 1,
      max: 1000,
    }),
  },
  examples: ['movers', 'movers 30d', 'movers 7d City', 'movers 7d theme:"Star Wars" used min-sales:4'],
  async run({ options, deps, context }) {
    const theme = options.theme === undefined ? undefined : await resolveTheme(deps.figures, options.theme);
    const { period, condition } = options;
    const minSales = options['min-sales'];
    const result = await deps.prices.movers({ period, theme, condition, limit: TOP, minSales });
    return moversReply(
      { period, theme, condition, result },
      await moneyViewFor(deps, context, options.currency),
    );
  },
});
