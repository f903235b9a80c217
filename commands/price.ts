import { defineCommand, opt } from '../src/core/command.js';
import { currencyOption, moneyViewFor } from '../src/currency/choose-currency.js';
import { BRICKLINK_DETAIL, brickLinkBlocks } from '../src/replies/bricklink-guide.js';
import { priceReply } from '../src/replies/price.js';
import { inSetsText, withInSets } from '../src/replies/set.js';
import { figureRetirement } from '../src/sets/figure-retirement.js';

export default defineCommand({
  name: 'price',
  description: 'Market price of a minifigure: headline per condition, range, 7/30-day change, sources',
  options: {
    figure: opt.figure({ description: 'Item number (sw0002) or name', required: true }),
    condition: opt.choice(['new', 'used'], { description: 'Only this condition' }),
    currency: currencyOption(),
    detail: opt.choice([BRICKLINK_DETAIL], { description: "Why BrickLink's own figures differ from ours" }),
  },
  examples: [
    'price sw0001a',
    'price sw0002 used',
    'price sw0002 EUR',
    'price "Boba Fett - Classic Grays"',
    'price sw0002 bricklink',
  ],
  async run({ options, deps, context }) {
    const money = await moneyViewFor(deps, context, options.currency);
    const [quote, figureSets, guides] = await Promise.all([
      deps.prices.quote(options.figure, options.condition),
      deps.sets?.setsOfFigure(options.figure.id) ?? { sets: [], related: null },
      deps.prices.brickLinkGuides?.(options.figure) ?? [],
    ]);
    const brickLink = brickLinkBlocks(
      { ...options, guides, detail: options.detail === BRICKLINK_DETAIL },
      money,
    );
    const today = deps.now().toISOString().slice(0, 10);
    // "Retired 2019" under the title when every set it comes in has left the shelves.
    const reply = priceReply(quote, money, { retirement: figureRetirement(figureSets, today) });
    return withInSets(
      { ...reply, blocks: [...reply.blocks, ...brickLink] },
      inSetsText(figureSets.sets, today),
    );
  },
});
