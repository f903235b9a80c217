import { defineCommand, opt } from '../src/core/command.js';
import { currencyOption, moneyViewFor } from '../src/currency/choose-currency.js';
import { CONDITIONS, type ConditionSeries } from '../src/deps.js';
import { utcDate } from '../src/replies/format.js';
import { HISTORY_RANGES, historyReply } from '../src/replies/history.js';

export default defineCommand({
  name: 'history',
  description: 'Price chart of a minifigure: daily median with min-max band, new and used apart',
  options: {
    figure: opt.figure({ description: 'Item number (sw0002) or name', required: true }),
    days: opt.integer({ description: 'How many days back', choices: HISTORY_RANGES, default: 30 }),
    condition: opt.choice(['new', 'used'], { description: 'Only this condition' }),
    currency: currencyOption(),
  },
  examples: ['history sw0001a', 'history sw0002 365', 'history sw0004 90 used'],
  async run({ options, deps, context }) {
    const { figure, days, condition } = options;
    const money = await moneyViewFor(deps, context, options.currency);
    // New and used prices differ too much to share one median: one line each.
    const series: ConditionSeries[] = [];
    for (const c of condition ? [condition] : CONDITIONS) {
      const points = await deps.prices.dailySeries(figure, days, c);
      // Each day at that day's rate: the chart shows what the figure cost then, in today's wallet currency.
      const converted = points.map((p) => ({
        ...p,
        median: money.fromUsd(p.median, p.date),
        min: money.fromUsd(p.min, p.date),
        max: money.fromUsd(p.max, p.date),
      }));
      const headline = (await deps.prices.headlineSeries?.(figure, days, c)) ?? [];
      const convertedHeadline = headline.map((h) => ({ ...h, price: money.fromUsd(h.price, h.date) }));
      if (points.length > 0) series.push({ condition: c, points: converted, headline: convertedHeadline });
    }
    const chart =
      series.length > 0
        ? await deps.charts.history({
            figure,
            series,
            days,
            end: utcDate(deps.now()),
            currency: money.code,
            demo: deps.demoData,
          })
        : undefined;
    return historyReply({ figure, days, condition, series, chart, currency: options.currency }, money);
  },
});
