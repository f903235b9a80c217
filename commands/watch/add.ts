import { alertingOf, callerOf } from '../../src/alerts/caller.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { simpleReply } from '../../src/core/reply.js';
import { usd } from '../../src/replies/format.js';

export default defineCommand({
  name: 'add',
  description: 'Watch a figure you own or want, with quantity and price paid',
  options: {
    figure: opt.figure({ description: 'Item number (sw0001) or name', required: true }),
    condition: opt.choice(['new', 'used'], { description: 'Condition (default used)', default: 'used' }),
    quantity: opt.integer({ description: 'How many you have', min: 1, max: 10_000 }),
    paid: opt.number({ description: 'Price paid per figure, USD', min: 0, max: 1_000_000 }),
  },
  private: true,
  examples: ['watch add sw0001', 'watch add sw0002 new quantity:2 paid:45'],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const { figure, condition } = options;
    const result = await store.addWatch(callerOf(context), {
      minifigureId: figure.id,
      condition,
      quantity: options.quantity ?? null,
      pricePaid: options.paid ?? null,
    });
    if ('limitReached' in result) {
      throw new UserError(
        `Your watchlist is full (${result.limitReached} figures). Remove one with watch remove.`,
      );
    }
    const extra = [
      options.quantity !== undefined ? `quantity ${options.quantity}` : '',
      options.paid !== undefined ? `paid ${usd(options.paid)} each` : '',
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
