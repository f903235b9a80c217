import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { simpleReply } from '../../src/core/reply.js';
import { currencyOption, preferredCurrency, requireCurrency } from '../../src/currency/choose-currency.js';
import { exactMoney } from '../../src/currency/format-money.js';
import { readTypedAmount } from '../../src/currency/typed-amount.js';
import { paidPrice, requireAmount } from '../../src/portfolio/paid.js';
import { utcDate } from '../../src/replies/format.js';

export default defineCommand({
  name: 'add',
  description: 'Watch a figure you own or want, with quantity and price paid',
  options: {
    figure: opt.figure({ description: 'Item number (sw0001) or name', required: true }),
    condition: opt.choice(['new', 'used'], { description: 'Condition (default used)', default: 'used' }),
    quantity: opt.integer({ description: 'How many you have', min: 1, max: 10_000 }),
    paid: opt.string({
      description: 'Price paid per figure: 45, €45 or 45 EUR (default: your currency)',
      maxLength: 20,
      accepts: (token) => readTypedAmount(token) !== undefined,
    }),
    currency: {
      ...currencyOption(),
      description: 'The currency of paid (EUR, GBP, JPY...); default: your setting',
    },
  },
  private: true,
  examples: [
    'watch add sw0001',
    'watch add sw0002 new quantity:2 paid:45',
    'watch add sw0002 used paid:50 EUR',
  ],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const { figure, condition } = options;
    // The price's currency: named with the amount (€50, 50 EUR), else the currency option, else the
    // one the user sees prices in. Kept as given, with its USD amount at today's rate.
    const typed = options.paid === undefined ? undefined : requireAmount(options.paid);
    const named = options.currency === undefined ? undefined : requireCurrency(options.currency);
    if (named !== undefined && typed === undefined) {
      throw new UserError('currency is the currency of paid: give the price too, e.g. paid:50 EUR.');
    }
    if (typed?.currency !== undefined && named !== undefined && typed.currency !== named) {
      throw new UserError(`paid is in ${typed.currency} but currency says ${named}: give one currency.`);
    }
    let paid = null;
    if (typed !== undefined) {
      const currency = typed.currency ?? named ?? (await preferredCurrency(deps, context));
      const book = currency === 'USD' ? null : await deps.fx.book();
      paid = paidPrice(typed.amount, currency, book, utcDate(deps.now()));
    }
    const result = await store.addWatch(callerOf(context), {
      minifigureId: figure.id,
      condition,
      quantity: options.quantity ?? null,
      paid,
    });
    if ('limitReached' in result) {
      throw new UserError(
        `Your watchlist is full (${result.limitReached} figures). Remove one with watch remove.`,
      );
    }
    const extra = [
      options.quantity !== undefined ? `quantity ${options.quantity}` : '',
      paid !== null ? `paid ${exactMoney(paid.amount, paid.currency)} each` : '',
    ]
      .filter(Boolean)
      .join(', ');
    const what = `${figure.itemNo} ${figure.name} (${condition})${extra ? `, ${extra}` : ''}`;
    return simpleReply(result.added ? `Watching ${what}.` : `Updated ${what}.`, {
      tone: 'positive',
      ephemeral: true,
    });
  },
});
