import { defineCommand, opt } from '../src/core/command.js';
import { utcDate } from '../src/replies/format.js';
import { HISTORY_RANGES, historyReply } from '../src/replies/history.js';

export default defineCommand({
  name: 'history',
  description: 'Price chart of a minifigure: daily median with min-max band',
  options: {
    figure: opt.figure({ description: 'Item number (sw0002) or name', required: true }),
    days: opt.integer({ description: 'How many days back', choices: HISTORY_RANGES, default: 30 }),
    condition: opt.choice(['new', 'used'], { description: 'Only this condition' }),
  },
  examples: ['history sw0001a', 'history sw0002 365', 'history sw0004 90 used'],
  async run({ options, deps }) {
    const { figure, days, condition } = options;
    const points = await deps.prices.dailySeries(figure, days, condition);
    const chart =
      points.length > 0
        ? await deps.charts.history({ figure, points, days, end: utcDate(deps.now()), condition })
        : undefined;
    return historyReply({ figure, days, condition, points, chart });
  },
});
