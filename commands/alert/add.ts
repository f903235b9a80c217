import { alertingOf, callerOf, channelOf } from '../../src/alerts/caller.js';
import { parseAlertValue } from '../../src/alerts/rules.js';
import { ALERT_KINDS } from '../../src/alerts/types.js';
import { defineCommand, opt } from '../../src/core/command.js';
import { UserError } from '../../src/core/errors.js';
import { currencyOption, preferredCurrency, requireCurrency } from '../../src/currency/choose-currency.js';
import { alertAddedReply } from '../../src/replies/alerts.js';

export default defineCommand({
  name: 'add',
  description: 'Tell me when a figure crosses a price, moves, hits a low, or is listed cheap',
  options: {
    figure: opt.figure({ description: 'Item number (sw0001) or name', required: true }),
    kind: opt.choice(ALERT_KINDS, {
      description: 'below/above a price, change %, new-low, deal',
      required: true,
    }),
    value: opt.string({
      description:
        'below/above: price (12.50, €50); change: +15% / -15% / 15%; new-low: 30/60/90 days; deal: 30%',
      maxLength: 20,
      required: true,
    }),
    condition: opt.choice(['new', 'used'], {
      description: 'Which headline price (default used)',
      default: 'used',
    }),
    period: opt.choice(['1d', '7d', '30d'], { description: 'change alerts: over how long (default 7d)' }),
    channel: opt.boolean({
      description: 'Post it in this channel instead of a direct message',
      default: false,
    }),
    currency: currencyOption(),
  },
  private: true,
  examples: [
    'alert add sw0001 below 5',
    'alert add sw0002 below 50 EUR',
    'alert add sw0002 change +20% new period:30d',
    'alert add sw0004 deal 30%',
  ],
  async run({ options, deps, context }) {
    const store = alertingOf(deps);
    const user = callerOf(context);
    if (options.period !== undefined && options.kind !== 'change') {
      throw new UserError('period only applies to change alerts.');
    }
    // The alert's currency: the option, else the one the user sees prices in. below/above read a
    // bare amount in it; every kind's message shows its amounts in it, with USD beside them.
    const currency =
      options.currency !== undefined
        ? requireCurrency(options.currency)
        : await preferredCurrency(deps, context);
    const parsed = parseAlertValue(options.kind, options.value, options.period, currency);
    const priced = options.kind === 'below' || options.kind === 'above';
    const hasRate = currency === 'USD' || (await deps.fx.book()).has(currency);
    // A change or new-low alert compares USD prices: without a rate yet, its messages stay in USD.
    const rule = priced ? parsed : { ...parsed, currency: hasRate ? currency : 'USD' };
    if (rule.currency !== 'USD' && !(await deps.fx.book()).has(rule.currency)) {
      throw new UserError(
        `No ${rule.currency} rate is stored yet (the fx job fetches ECB's daily), so an alert in ${rule.currency} could not be checked. Give the price in USD for now.`,
      );
    }
    const channelId = options.channel ? channelOf(context, 'A channel alert').channelId : null;
    const result = await store.addAlert(user, {
      minifigureId: options.figure.id,
      kind: options.kind,
      condition: options.condition,
      ...rule,
      channelId,
    });
    if ('limitReached' in result) {
      throw new UserError(
        `You already have ${result.limitReached} alerts, the most one person can have. ` +
          'Remove one first: alert list shows their ids, alert remove <id> deletes one.',
      );
    }
    const used = (await store.listAlerts(user)).length;
    return alertAddedReply(result.added, used, store.alertsPerUser, store.nextCheck());
  },
});
