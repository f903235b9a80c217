import { defineCommand, opt } from '../src/core/command.js';
import { currencyOption, moneyViewFor } from '../src/currency/choose-currency.js';
import { priceReply } from '../src/replies/price.js';
import { inSetsText, withInSets } from '../src/replies/set.js';

export default defineCommand({
  name: 'price',
  description: 'Market price of a minifigure: headline per condition, range, 7/30-day change, sources',
  options: {
    figure: opt.figure({ description: 'Item number (sw0002) or name', required: true }),
    condition: opt.choice(['new', 'used'], { description: 'Only this condition' }),
    currency: currencyOption(),
  },
  examples: ['price sw0001a', 'price sw0002 used', 'price sw0002 EUR', 'price "Boba Fett - Classic Grays"'],
  async run({ options, deps, context }) {
    const money = await moneyViewFor(deps, context, options.currency);
    const [quote, sets] = await Promise.all([
      deps.prices.quote(options.figure, options.condition),
      deps.sets?.setsOfFigure(options.figure.id) ?? [],
    ]);
    return withInSets(priceReply(quote, money), inSetsText(sets, deps.now().toISOString().slice(0, 10)));
  },
});
